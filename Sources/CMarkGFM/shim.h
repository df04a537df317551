// GitHub's CommonMark engine and its GFM extensions (tables, autolinks,
// strikethrough, the tag filter), as Debian's libcmark-gfm-dev and
// libcmark-gfm-extensions-dev install them.
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
