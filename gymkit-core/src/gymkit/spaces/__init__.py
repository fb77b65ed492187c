"""PLACEHOLDER while the spaces are being written."""
