import { Route, Router } from "@solidjs/router";
import { lazy } from "solid-js";
import { Layout } from "./components/Layout";
import Directory from "./pages/public/Directory";
import CommunityHome from "./pages/public/CommunityHome";
import NoticePage from "./pages/public/NoticePage";

// The public face is in the first bundle; everything else loads when first visited.
const NoticeList = lazy(() => import("./pages/public/NoticeList"));
const NoticePrint = lazy(() => import("./pages/public/NoticePrint"));
const Transparency = lazy(() => import("./pages/public/Transparency"));
const Login = lazy(() => import("./pages/public/Login"));
const Account = lazy(() => import("./pages/public/Account"));
const NotFound = lazy(() => import("./pages/public/NotFound"));
const AdminShell = lazy(() => import("./pages/admin/AdminShell"));
const AdminNotices = lazy(() => import("./pages/admin/Notices"));
const AdminNoticeEditor = lazy(() => import("./pages/admin/NoticeEditor"));
const AdminNoticeDetail = lazy(() => import("./pages/admin/NoticeDetail"));
const AdminProfile = lazy(() => import("./pages/admin/Profile"));
const AdminStaff = lazy(() => import("./pages/admin/Staff"));
const AdminAudit = lazy(() => import("./pages/admin/Audit"));
const Activate = lazy(() => import("./pages/public/Activate"));
const GridDirectory = lazy(() => import("./pages/public/GridDirectory"));
const Me = lazy(() => import("./pages/resident/Me"));
const AdminResidents = lazy(() => import("./pages/admin/Residents"));
const AdminResidentNew = lazy(() => import("./pages/admin/ResidentNew"));
const AdminResidentDetail = lazy(() => import("./pages/admin/ResidentDetail"));
const AdminActivationLetter = lazy(() => import("./pages/admin/ActivationLetter"));
const AdminHouseholds = lazy(() => import("./pages/admin/Households"));
const AdminGridsGroups = lazy(() => import("./pages/admin/GridsGroups"));
const AdminRegistryImport = lazy(() => import("./pages/admin/RegistryImport"));
const AdminObjections = lazy(() => import("./pages/admin/Objections"));
const AdminCorrections = lazy(() => import("./pages/admin/Corrections"));
const FinanceIndex = lazy(() => import("./pages/public/FinanceIndex"));
const FinancePeriod = lazy(() => import("./pages/public/FinancePeriod"));
const FinancePrint = lazy(() => import("./pages/public/FinancePrint"));
const AdminFinance = lazy(() => import("./pages/admin/Finance"));
const AdminFinancePeriod = lazy(() => import("./pages/admin/FinancePeriod"));
const StreetFinance = lazy(() => import("./pages/street/Finance"));
const Meetings = lazy(() => import("./pages/public/Meetings"));
const MeetingPage = lazy(() => import("./pages/public/MeetingPage"));
const MeetingCheckIn = lazy(() => import("./pages/resident/MeetingCheckIn"));
const Decisions = lazy(() => import("./pages/public/Decisions"));
const AdminMeetings = lazy(() => import("./pages/admin/Meetings"));
const AdminMeetingEditor = lazy(() => import("./pages/admin/MeetingEditor"));
const AdminMeetingRun = lazy(() => import("./pages/admin/MeetingRun"));
const AdminMeetingLive = lazy(() => import("./pages/admin/MeetingLive"));
const AdminDecisions = lazy(() => import("./pages/admin/Decisions"));
const Petitions = lazy(() => import("./pages/public/Petitions"));
const Polls = lazy(() => import("./pages/public/Polls"));
const PollPage = lazy(() => import("./pages/public/PollPage"));
const MyVotes = lazy(() => import("./pages/resident/Votes"));
const AdminPolls = lazy(() => import("./pages/admin/Polls"));
const AdminPollEditor = lazy(() => import("./pages/admin/PollEditor"));
const AdminPollManage = lazy(() => import("./pages/admin/PollManage"));
const StreetDemocracy = lazy(() => import("./pages/street/Democracy"));
const AdminVolunteerTeams = lazy(() => import("./pages/admin/VolunteerTeams"));
const AdminVolunteers = lazy(() => import("./pages/admin/Volunteers"));
const AdminVolunteerDetail = lazy(() => import("./pages/admin/VolunteerDetail"));
const AdminShiftCalendar = lazy(() => import("./pages/admin/ShiftCalendar"));
const AdminShiftRoster = lazy(() => import("./pages/admin/ShiftRoster"));
const StreetVolunteering = lazy(() => import("./pages/street/Volunteering"));
const MyVolunteering = lazy(() => import("./pages/resident/Volunteering"));
const MyServiceRecord = lazy(() => import("./pages/resident/ServiceRecord"));
const CertificatePrint = lazy(() => import("./pages/resident/CertificatePrint"));
const LeaderTeam = lazy(() => import("./pages/resident/LeaderTeam"));
const LeaderRoster = lazy(() => import("./pages/resident/LeaderRoster"));
const ShiftCheckIn = lazy(() => import("./pages/resident/ShiftCheckIn"));
const PublicVolunteers = lazy(() => import("./pages/public/Volunteers"));
const VerifyCertificate = lazy(() => import("./pages/public/VerifyCertificate"));
const AdminCases = lazy(() => import("./pages/admin/Cases"));
const AdminCase = lazy(() => import("./pages/admin/Case"));
const StreetCases = lazy(() => import("./pages/street/Cases"));
const FileCase = lazy(() => import("./pages/public/FileCase"));
const CaseStats = lazy(() => import("./pages/public/CaseStats"));
const TrackCase = lazy(() => import("./pages/public/TrackCase"));
const MyCases = lazy(() => import("./pages/resident/Cases"));
const StreetShell = lazy(() => import("./pages/street/StreetShell"));
const StreetCommunities = lazy(() => import("./pages/street/Communities"));
const StreetStaff = lazy(() => import("./pages/street/Staff"));
const StreetAudit = lazy(() => import("./pages/street/Audit"));
const StreetOverview = lazy(() => import("./pages/street/Overview"));
const StreetMonitorCommunity = lazy(() => import("./pages/street/MonitorCommunity"));
const StreetAlerts = lazy(() => import("./pages/street/Alerts"));
const StreetAssessment = lazy(() => import("./pages/street/Assessment"));
const PublicAssessment = lazy(() => import("./pages/public/Assessment"));

export function App() {
  return (
    <Router root={Layout}>
      <Route path="/" component={Directory} />
      <Route path="/login" component={Login} />
      <Route path="/account" component={Account} />
      <Route path="/me" component={Me} />
      <Route path="/me/votes" component={MyVotes} />
      <Route path="/me/cases" component={MyCases} />
      <Route path="/track/:code" component={TrackCase} />
      <Route path="/me/volunteer" component={MyVolunteering} />
      <Route path="/me/volunteer/record" component={MyServiceRecord} />
      <Route path="/me/volunteer/certificates/:code" component={CertificatePrint} />
      <Route path="/me/lead/:teamId" component={LeaderTeam} />
      <Route path="/me/lead/shifts/:shiftId" component={LeaderRoster} />
      <Route path="/verify/volunteer/:code" component={VerifyCertificate} />
      <Route path="/admin" component={AdminShell}>
        <Route path="/" component={AdminNotices} />
        <Route path="/notices" component={AdminNotices} />
        <Route path="/notices/new" component={AdminNoticeEditor} />
        <Route path="/notices/:id" component={AdminNoticeDetail} />
        <Route path="/profile" component={AdminProfile} />
        <Route path="/staff" component={AdminStaff} />
        <Route path="/audit" component={AdminAudit} />
        <Route path="/residents" component={AdminResidents} />
        <Route path="/residents/new" component={AdminResidentNew} />
        <Route path="/residents/:id" component={AdminResidentDetail} />
        <Route path="/residents/:id/letter" component={AdminActivationLetter} />
        <Route path="/households" component={AdminHouseholds} />
        <Route path="/grids" component={AdminGridsGroups} />
        <Route path="/registry/import" component={AdminRegistryImport} />
        <Route path="/objections" component={AdminObjections} />
        <Route path="/corrections" component={AdminCorrections} />
        <Route path="/finance" component={AdminFinance} />
        <Route path="/finance/:periodId" component={AdminFinancePeriod} />
        <Route path="/meetings" component={AdminMeetings} />
        <Route path="/meetings/new" component={AdminMeetingEditor} />
        <Route path="/meetings/:id" component={AdminMeetingRun} />
        <Route path="/meetings/:id/edit" component={AdminMeetingEditor} />
        <Route path="/decisions" component={AdminDecisions} />
        <Route path="/polls" component={AdminPolls} />
        <Route path="/polls/new" component={AdminPollEditor} />
        <Route path="/polls/:id" component={AdminPollManage} />
        <Route path="/polls/:id/edit" component={AdminPollEditor} />
        <Route path="/volunteers" component={AdminVolunteerTeams} />
        <Route path="/volunteers/people" component={AdminVolunteers} />
        <Route path="/volunteers/people/:id" component={AdminVolunteerDetail} />
        <Route path="/volunteers/calendar" component={AdminShiftCalendar} />
        <Route path="/volunteers/shifts/:id" component={AdminShiftRoster} />
        <Route path="/cases" component={AdminCases} />
        <Route path="/cases/:id" component={AdminCase} />
      </Route>
      <Route path="/street" component={StreetShell}>
        <Route path="/" component={StreetOverview} />
        <Route path="/communities" component={StreetCommunities} />
        <Route path="/communities/:id/monitor" component={StreetMonitorCommunity} />
        <Route path="/alerts" component={StreetAlerts} />
        <Route path="/assessment" component={StreetAssessment} />
        <Route path="/staff" component={StreetStaff} />
        <Route path="/audit" component={StreetAudit} />
        <Route path="/finance" component={StreetFinance} />
        <Route path="/democracy" component={StreetDemocracy} />
        <Route path="/volunteering" component={StreetVolunteering} />
        <Route path="/cases" component={StreetCases} />
      </Route>
      {/* A static segment outranks a parameter, so this wins over /:street/:community. */}
      <Route path="/:street/assessment" component={PublicAssessment} />
      <Route path="/:street/:community" component={CommunityHome} />
      <Route path="/:street/:community/notices" component={NoticeList} />
      <Route path="/:street/:community/notices/:id" component={NoticePage} />
      <Route path="/:street/:community/notices/:id/print" component={NoticePrint} />
      <Route path="/:street/:community/transparency" component={Transparency} />
      <Route path="/:street/:community/grids" component={GridDirectory} />
      <Route path="/meeting-live/:id" component={AdminMeetingLive} />
      <Route path="/:street/:community/meetings" component={Meetings} />
      <Route path="/:street/:community/meetings/:id" component={MeetingPage} />
      <Route path="/:street/:community/meetings/:id/check-in" component={MeetingCheckIn} />
      <Route path="/:street/:community/decisions" component={Decisions} />
      <Route path="/:street/:community/petitions" component={Petitions} />
      <Route path="/:street/:community/polls" component={Polls} />
      <Route path="/:street/:community/polls/:id" component={PollPage} />
      <Route path="/:street/:community/volunteers" component={PublicVolunteers} />
      <Route path="/:street/:community/ask" component={FileCase} />
      <Route path="/:street/:community/cases" component={CaseStats} />
      <Route path="/:street/:community/shifts/:id/check-in" component={ShiftCheckIn} />
      <Route path="/:street/:community/finance" component={FinanceIndex} />
      <Route path="/:street/:community/finance/:period" component={FinancePeriod} />
      <Route path="/:street/:community/finance/:period/print" component={FinancePrint} />
      <Route path="/:street/:community/activate" component={Activate} />
      <Route path="*404" component={NotFound} />
    </Router>
  );
}
