"""Small utilities shared by the core and the families (seeding, play, the render window)."""
