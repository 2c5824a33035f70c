"""Part II: the digit network's structure."""
