print("spec-lint: not yet implemented")
