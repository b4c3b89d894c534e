"""Text repair and normalisation: every change recorded, offsets kept."""
