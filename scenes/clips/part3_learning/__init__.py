"""Part III: learning."""
