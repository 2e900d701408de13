export default function NoticeEditor() {
  return <h1>NoticeEditor</h1>;
}
