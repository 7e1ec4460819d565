/*
 * How fast libxml2 itself reads the benchmark's XML register, three ways,
 * with the options htcds uses (no network, big line numbers, compact):
 * the text reader node by node, the text reader expanding each record
 * element (what htcds did), and the SAX2 push parser (what htcds uses). Nothing is done with
 * the nodes but counting them: the floor under any reader built on each.
 *
 *   gcc -O2 Benchmarks/libxml2-readers.c -o /tmp/libxml2-readers $(xml2-config --cflags --libs)
 *   /tmp/libxml2-readers .build-bench/register-100000.xml
 *   /tmp/libxml2-readers .build-bench/register-100000.xml expanded    # one way only: nodes, expanded or sax
 *
 * One way at a time is what Benchmarks/libxml2-readers.sh counts the
 * instructions of, under callgrind.
 */
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_COMPACT;

static double seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec + now.tv_nsec * 1e-9;
}

static long count_nodes(xmlNodePtr node) {
    long count = 0;
    for (; node; node = node->next) {
        count++;
        if (node->type == XML_ELEMENT_NODE) count += count_nodes(node->children);
    }
    return count;
}

static long sax_events = 0;
static void on_start(void *context, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int namespaces,
                     const xmlChar **declarations, int attributes, int defaulted, const xmlChar **values) { sax_events++; }
static void on_end(void *context, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) { sax_events++; }
static void on_text(void *context, const xmlChar *text, int length) { sax_events++; }

int main(int argc, char **argv) {
    if (argc != 2 && argc != 3) { fprintf(stderr, "usage: %s FILE.xml [nodes|expanded|sax]\n", argv[0]); return 2; }
    const char *only = argc == 3 ? argv[2] : NULL;
    double start;
    long nodes;
    xmlTextReaderPtr reader;

    if (only && strcmp(only, "nodes") != 0) goto expanded;
    start = seconds();
    nodes = 0;
    reader = xmlReaderForFile(argv[1], NULL, options);
    while (xmlTextReaderRead(reader) == 1) {
        nodes++;
        if (xmlTextReaderNodeType(reader) == XML_READER_TYPE_ELEMENT) xmlTextReaderConstLocalName(reader);
        else if (xmlTextReaderNodeType(reader) == XML_READER_TYPE_TEXT) xmlTextReaderConstValue(reader);
    }
    xmlFreeTextReader(reader);
    printf("text reader, node by node:      %9ld nodes   %.3f s\n", nodes, seconds() - start);

expanded:
    if (only && strcmp(only, "expanded") != 0) goto sax;
    start = seconds();
    nodes = 0;
    long records = 0;
    reader = xmlReaderForFile(argv[1], NULL, options);
    int status = xmlTextReaderRead(reader);
    while (status == 1) {
        if (xmlTextReaderNodeType(reader) == XML_READER_TYPE_ELEMENT && xmlTextReaderDepth(reader) == 1) {
            xmlNodePtr record = xmlTextReaderExpand(reader);
            if (record) nodes += count_nodes(record->children);
            records++;
            status = xmlTextReaderNext(reader);
        } else {
            status = xmlTextReaderRead(reader);
        }
    }
    xmlFreeTextReader(reader);
    printf("text reader, records expanded:  %9ld nodes   %.3f s (%ld records)\n", nodes, seconds() - start, records);

sax:
    if (only && strcmp(only, "sax") != 0) return 0;
    start = seconds();
    xmlSAXHandler handler;
    memset(&handler, 0, sizeof handler);
    handler.initialized = XML_SAX2_MAGIC;
    handler.startElementNs = on_start;
    handler.endElementNs = on_end;
    handler.characters = on_text;
    FILE *file = fopen(argv[1], "rb");
    if (!file) { perror(argv[1]); return 1; }
    char block[65536];
    size_t read = fread(block, 1, 4, file);
    xmlParserCtxtPtr parser = xmlCreatePushParserCtxt(&handler, NULL, block, (int)read, argv[1]);
    xmlCtxtUseOptions(parser, options);
    while ((read = fread(block, 1, sizeof block, file)) > 0) xmlParseChunk(parser, block, (int)read, 0);
    xmlParseChunk(parser, NULL, 0, 1);
    xmlFreeParserCtxt(parser);
    fclose(file);
    printf("SAX2 push parser:               %9ld events  %.3f s\n", sax_events, seconds() - start);
    return 0;
}
