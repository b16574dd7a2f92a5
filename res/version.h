/* version.h - one place for the version shown in both executables' version resources and by the CLI
 * (core/base.h BF_TOOL_VERSION must agree: a unit test checks it). */
#ifndef BF_VERSION_H
#define BF_VERSION_H
#define BF_VER_MAJOR 0
#define BF_VER_MINOR 1
#define BF_VER_PATCH 0
#define BF_VER_BUILD 0
#define BF_VER_STRING "0.1.0"
#define BF_COMPANY "bindfix developers"
#define BF_COPYRIGHT "Copyright (C) 2026 bindfix developers"
#endif
