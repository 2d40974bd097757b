#ifndef SPEC_CYAML_SHIM_H
#define SPEC_CYAML_SHIM_H
#include <yaml.h>
#endif
