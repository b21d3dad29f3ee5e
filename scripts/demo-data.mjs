// Deterministic demo customers: B2B organisations with the firmographics the a-priori segments read (TMF629
// characteristic entries numberOfEmployees and industry).
const INDUSTRIES = ['manufacturing', 'retail', 'logistics', 'healthcare', 'finance', 'software', 'hospitality', 'construction', 'energy', 'education'];
const WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Wonka', 'Tyrell', 'Cyberdyne', 'Soylent', 'Hooli', 'Vandelay', 'Pied Piper', 'Dunder', 'Oceanic', 'Monarch', 'Gringotts', 'Nakatomi', 'Massive', 'Aperture'];
const SUFFIXES = ['Ltd', 'GmbH', 'SA', 'Inc', 'BV', 'AB', 'Oy', 'SpA', 'plc', 'LLC'];
const CITIES = [['Berlin', 'DE'], ['Paris', 'FR'], ['Madrid', 'ES'], ['Milan', 'IT'], ['Amsterdam', 'NL'], ['Stockholm', 'SE'], ['Helsinki', 'FI'], ['London', 'GB'], ['Dublin', 'IE'], ['Vienna', 'AT']];
const STATUSES = ['Approved', 'Approved', 'Approved', 'Validated', 'Initialized'];

/** Small seeded PRNG so every demo run loads the same data. */
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Company size from one uniform draw (one draw, so the rest of the sequence stays as it was): about 15 % small and
 * home offices (1–5 employees), 70 % SMB (6–999, log-uniform: many more small firms than large ones) and 15 %
 * enterprises (1,000–50,000). The default a-priori segments SoHo and Enterprise cut at 5 and 1,000.
 */
function employeesFor(u) {
  if (u < 0.15) return 1 + Math.floor((u / 0.15) * 5);
  if (u < 0.85) return Math.round(6 * (999 / 6) ** ((u - 0.15) / 0.7));
  return Math.round(1000 * 50 ** ((u - 0.85) / 0.15));
}

export function demoCustomers(count = 300) {
  const rnd = prng(42);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  return Array.from({ length: count }, (_, i) => {
    const [city, country] = pick(CITIES);
    const industry = pick(INDUSTRIES);
    const name = `${pick(WORDS)} ${industry.replace(/^./, (c) => c.toUpperCase())} ${pick(SUFFIXES)} ${String(i + 1).padStart(3, '0')}`;
    const employees = employeesFor(rnd());
    const since = new Date(Date.UTC(2015 + Math.floor(rnd() * 10), Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28)));
    return {
      name,
      status: pick(STATUSES),
      engagedParty: { id: `org-${1000 + i}`, name, '@referredType': 'Organization' },
      characteristic: [
        { name: 'numberOfEmployees', value: employees, valueType: 'integer' },
        { name: 'industry', value: industry, valueType: 'string' },
      ],
      contactMedium: [
        { mediumType: 'email', preferred: true, characteristic: { emailAddress: `billing@customer${i + 1}.example`, contactType: 'billing' } },
        { mediumType: 'postalAddress', characteristic: { street1: `${1 + Math.floor(rnd() * 200)} Market Street`, city, country, postCode: String(10000 + Math.floor(rnd() * 89999)) } },
      ],
      relatedParty: [{ id: `am-${1 + Math.floor(rnd() * 12)}`, role: 'accountManager', '@referredType': 'Individual' }],
      validFor: { startDateTime: since.toISOString() },
    };
  });
}
