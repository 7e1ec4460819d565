/*
 * What libxml2 itself costs a record, by the two ways it streams a document:
 * the streaming reader (xmlTextReader) that the XML reader uses, each record
 * element expanded and its children walked as the reader does, and the SAX
 * push parser with callbacks that only count. Same options as the reader:
 * no network, big line numbers, compact text nodes; no entity substitution.
 * Built and run by Benchmarks/libxml2-parsers.sh; prints what it counted, so
 * that both modes are seen to read the same document.
 *
 *   libxml2-parsers reader FILE      libxml2-parsers sax FILE
 */
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long records, elements, textBytes;
static int depth;

static void startElement(void *context, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                         int namespaceCount, const xmlChar **namespaces, int attributeCount, int defaulted,
                         const xmlChar **attributes) {
    if (++depth == 2) records++;
    elements++;
}

static void endElement(void *context, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) { depth--; }

static void characters(void *context, const xmlChar *text, int length) { textBytes += length; }

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s reader|sax FILE\n", argv[0]); return 2; }
    FILE *file = fopen(argv[2], "rb");
    if (!file) { perror(argv[2]); return 2; }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    char *bytes = malloc(size);
    if (!bytes || fread(bytes, 1, size, file) != (size_t)size) { fprintf(stderr, "cannot read %s\n", argv[2]); return 2; }
    fclose(file);
    int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_COMPACT;
    if (strcmp(argv[1], "reader") == 0) {
        xmlTextReaderPtr reader = xmlReaderForMemory(bytes, (int)size, argv[2], NULL, options);
        int status = xmlTextReaderRead(reader);
        while (status == 1) {
            if (xmlTextReaderNodeType(reader) == XML_READER_TYPE_ELEMENT && xmlTextReaderDepth(reader) == 1) {
                xmlNodePtr record = xmlTextReaderExpand(reader);
                records++;
                elements++;
                for (xmlNodePtr child = record ? record->children : NULL; child; child = child->next) {
                    if (child->type != XML_ELEMENT_NODE) continue;
                    elements++;
                    for (xmlNodePtr text = child->children; text; text = text->next)
                        if (text->content) textBytes += strlen((const char *)text->content);
                }
                status = xmlTextReaderNext(reader);
            } else {
                if (xmlTextReaderDepth(reader) == 0 && xmlTextReaderNodeType(reader) == XML_READER_TYPE_ELEMENT) elements++;
                status = xmlTextReaderRead(reader);
            }
        }
        xmlFreeTextReader(reader);
        if (status != 0) { fprintf(stderr, "not well-formed\n"); return 1; }
    } else if (strcmp(argv[1], "sax") == 0) {
        xmlSAXHandler handler;
        memset(&handler, 0, sizeof handler);
        handler.initialized = XML_SAX2_MAGIC;
        handler.startElementNs = startElement;
        handler.endElementNs = endElement;
        handler.characters = characters;
        xmlParserCtxtPtr context = xmlCreatePushParserCtxt(&handler, NULL, NULL, 0, argv[2]);
        xmlCtxtUseOptions(context, options);
        const long chunk = 256 * 1024;
        for (long at = 0; at < size; at += chunk)
            xmlParseChunk(context, bytes + at, (int)(size - at < chunk ? size - at : chunk), 0);
        xmlParseChunk(context, NULL, 0, 1);
        int wellFormed = context->wellFormed;
        xmlFreeParserCtxt(context);
        if (!wellFormed) { fprintf(stderr, "not well-formed\n"); return 1; }
    } else {
        fprintf(stderr, "usage: %s reader|sax FILE\n", argv[0]);
        return 2;
    }
    printf("%s: %ld records, %ld elements\n", argv[1], records, elements);
    free(bytes);
    return 0;
}
