export default function Notices() {
  return <h1>Notices</h1>;
}
