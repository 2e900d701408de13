import { registerStrings } from "./index";
import { adminFace } from "./admin";

// Imported for its effect by the console shells: the consoles' strings load with their code.
registerStrings(adminFace);
