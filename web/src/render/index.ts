// Pure rendering: explanation in, virtual node tree (or text) out. No DOM access here.
export * from './vnode';
export * from './color';
export * from './format';
export * from './highlight';
export * from './charts';
export * from './badge';
export * from './run-meta';
export * from './tables';
export * from './heatmap';
export * from './tasks';
export * from './result';
export * from './export';
export * from './focus';
