import { adminRouter } from "./routers/admin";
import { auditRouter } from "./routers/audit";
import { authRouter } from "./routers/auth";
import { directoryRouter } from "./routers/directory";
import { noticesRouter } from "./routers/notices";
import { transparencyRouter } from "./routers/transparency";
import { residentsRouter } from "./routers/residents";
import { meRouter } from "./routers/me";
import { financeRouter } from "./routers/finance";
import { decisionsRouter, meetingsRouter } from "./routers/meetings";
import { petitionsRouter } from "./routers/petitions";
import { pollsRouter } from "./routers/polls";
import { volunteersRouter } from "./routers/volunteers";
import { casesRouter } from "./routers/cases";
import { monitorRouter } from "./routers/monitor";
import { router } from "./trpc";

export const appRouter = router({
  auth: authRouter,
  directory: directoryRouter,
  admin: adminRouter,
  notices: noticesRouter,
  residents: residentsRouter,
  me: meRouter,
  finance: financeRouter,
  meetings: meetingsRouter,
  decisions: decisionsRouter,
  petitions: petitionsRouter,
  polls: pollsRouter,
  volunteers: volunteersRouter,
  cases: casesRouter,
  monitor: monitorRouter,
  audit: auditRouter,
  transparency: transparencyRouter,
});

export type AppRouter = typeof appRouter;
