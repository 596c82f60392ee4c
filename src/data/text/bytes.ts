/** Character codes the tokenisers look for. */
export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SP = 32;
export const DQ = 34;
export const PERCENT = 37;
export const SQ = 39;
export const COMMA = 44;
export const ZERO = 48;
export const QUESTION = 63;
export const BS = 92;
export const LBRACE = 123;
export const RBRACE = 125;
