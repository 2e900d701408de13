export default function GridsGroups() {
  return <h1>GridsGroups</h1>;
}
