#ifndef HTCDS_CLIBXML2_SHIM_H
#define HTCDS_CLIBXML2_SHIM_H

/* Debian's libxml2 is built with ICU, and its encoding.h then includes the
   system's ICU headers, which clash with the ICU inside Foundation. Nothing
   here touches the ICU parts (only a struct we never allocate or read holds
   them), so the flag is dropped before the headers that test it. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>

/* libxml2's default handlers print the offending document text (personal data
   included) to stderr. These swallow what reaches the process-wide handlers;
   each reader installs its own structured handler and turns messages into issues. */
static void htcds_xml_ignore_generic(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

static void htcds_xml_ignore_structured(void *context, xmlErrorPtr error) {
    (void)context;
    (void)error;
}

static inline void htcds_xml_silence_global_errors(void) {
    xmlSetGenericErrorFunc(NULL, htcds_xml_ignore_generic);
    xmlSetStructuredErrorFunc(NULL, htcds_xml_ignore_structured);
}

/* xmlFree is a global function pointer, which Swift 6 refuses as not
   concurrency-safe: call it through a function. */
static inline void htcds_xml_free(void *pointer) {
    xmlFree(pointer);
}

#endif
