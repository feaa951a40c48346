/** What every gnc figure shares: the vega-lite schema it is written against and the series colours. */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Series colours (colour-blind friendly first: blue, orange, green), in the order series are drawn. */
export const PALETTE = ["#1b6ca8", "#e07b00", "#2a9d3a", "#c0392b", "#7b4fa0", "#8c564b", "#d6609f", "#555555", "#a0a000", "#17a2b8"];
