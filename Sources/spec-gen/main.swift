print("spec-gen: not yet implemented")
