export function newestInput(root: string): number;
export function isStale(root: string): boolean;
