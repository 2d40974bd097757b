// Placeholder until the runtime lands.
enum SpecRuntimePlaceholder {}
