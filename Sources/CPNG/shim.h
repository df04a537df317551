#include <png.h>
// The simplified API's constants, as values Swift can import whatever the
// macros expand to.
static const unsigned int cpng_image_version = PNG_IMAGE_VERSION;
static const unsigned int cpng_format_rgb = PNG_FORMAT_RGB;
static const unsigned int cpng_format_rgba = PNG_FORMAT_RGBA;
