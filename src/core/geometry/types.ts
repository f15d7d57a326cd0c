/** A point as `[x, y]`; the coordinate space is named by the variable holding it. */
export type Point = [number, number];

/** A closed polygon as its vertices in order (the last vertex is not repeated). */
export type Polygon = Point[];
