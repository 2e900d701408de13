export default function NoticePage() {
  return <h1>NoticePage</h1>;
}
