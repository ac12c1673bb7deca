"""Training, export and packaging helpers behind models/recipes/train.py."""
