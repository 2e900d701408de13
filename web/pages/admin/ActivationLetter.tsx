export default function ActivationLetter() {
  return <h1>ActivationLetter</h1>;
}
