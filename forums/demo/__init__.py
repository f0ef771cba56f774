"""Demo data for `manage.py seed_demo`: invented people, places and forum work."""
