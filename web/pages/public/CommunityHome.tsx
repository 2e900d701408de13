export default function CommunityHome() {
  return <h1>CommunityHome</h1>;
}
