export const IPOINT_REPOSITORY = 'IPointRepository';
