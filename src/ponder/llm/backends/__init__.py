"""Built-in model backends. Every module here is imported by the registry on first use,
so adding a backend means adding a module that decorates its class with ``@register``."""
