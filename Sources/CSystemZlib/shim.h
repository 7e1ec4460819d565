#ifndef HTCDS_CSYSTEMZLIB_SHIM_H
#define HTCDS_CSYSTEMZLIB_SHIM_H

/* The system's zlib, for gzip-compressed inputs. (ZIPFoundation brings its
   own module of it, CZLib, which only ZIPFoundation sees: this one is ours.) */
#include <zlib.h>

/* inflateInit2 is a macro that passes zlib's version and the stream's size:
   called through a function, as Swift cannot call the macro. 15 + 32: the
   largest window, and a gzip or zlib header found by its bytes. */
static inline int htcds_inflate_init(z_streamp stream) {
    return inflateInit2(stream, 15 + 32);
}

#endif
