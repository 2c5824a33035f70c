"""Part V: memorising, capacity and pruning."""
