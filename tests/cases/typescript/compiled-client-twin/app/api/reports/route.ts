import { reports } from '../../../lib/reports';

export async function GET() {
  return Response.json(await reports.item.count());
}
