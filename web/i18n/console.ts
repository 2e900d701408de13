import { registerStrings } from "./index";
import { adminFace } from "./admin";
import { registryStrings } from "./registry";
import { registryImportStrings } from "./registry-import";
import { financeConsoleStrings } from "./finance-console";
import { meetingsConsoleStrings } from "./meetings-console";
import { pollsConsoleStrings } from "./polls-console";
import { volunteersConsoleStrings } from "./volunteers-console";
import { casesConsoleStrings } from "./cases-console";

// Imported for its effect by the console shells: the consoles' strings load with their code.
registerStrings(adminFace);
registerStrings(registryStrings);
registerStrings(registryImportStrings);
registerStrings(financeConsoleStrings);
registerStrings(meetingsConsoleStrings);
registerStrings(pollsConsoleStrings);
registerStrings(volunteersConsoleStrings);
registerStrings(casesConsoleStrings);
