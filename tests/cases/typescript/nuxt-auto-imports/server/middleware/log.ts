// a local of the same name shadows the auto-import: silent
const useDB = () => null;

export default defineEventHandler((event) => {
  useDB();
});
