package io.robustatlas.report;

/**
 * A chart of the report, rendered.
 *
 * @param title the chart's title, also the image's alternative text
 * @param dataUri the PNG as a {@code data:} URI, so the page needs no other file
 * @param reading one sentence a reader takes away from the chart
 */
record Figure(String title, String dataUri, String reading) {}
