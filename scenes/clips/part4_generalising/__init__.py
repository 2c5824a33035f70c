"""Part IV: why networks generalise."""
