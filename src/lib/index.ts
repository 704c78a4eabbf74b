/**
 * The engine's public surface: what a chapter cell gets from `import { … } from "mlp"`.
 * Each module is one concept; see its doc comment for the chapter equation it implements.
 */
export * from './matrix';
