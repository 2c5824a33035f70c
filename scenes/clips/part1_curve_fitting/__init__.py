"""Part I: neural networks fit curves."""
