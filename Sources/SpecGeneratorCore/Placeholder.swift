enum SpecGeneratorCorePlaceholder {}
