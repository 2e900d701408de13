export default function RegistryImport() {
  return <h1>RegistryImport</h1>;
}
