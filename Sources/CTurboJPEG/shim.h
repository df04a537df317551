#include <turbojpeg.h>
// libjpeg-turbo's release, for provenance (see JPEGLibrary.swift): turbojpeg.h
// has no version, jconfig.h (libjpeg62-turbo-dev) has LIBJPEG_TURBO_VERSION_NUMBER.
#if __has_include(<jconfig.h>)
#include <jconfig.h>
#endif
#ifndef LIBJPEG_TURBO_VERSION_NUMBER
#define LIBJPEG_TURBO_VERSION_NUMBER 0
#endif
