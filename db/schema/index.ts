export * from "./tenancy";
export * from "./accounts";
export * from "./notices";
export * from "./logs";
export * from "./registry";
export * from "./finance";
export * from "./meetings";
export * from "./polls";
