export default function StreetShell() {
  return <h1>StreetShell</h1>;
}
