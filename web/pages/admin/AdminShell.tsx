export default function AdminShell() {
  return <h1>AdminShell</h1>;
}
