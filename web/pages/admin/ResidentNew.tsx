export default function ResidentNew() {
  return <h1>ResidentNew</h1>;
}
