import request from 'supertest';
import { customerBody, fullCustomerBody } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const B = '/tmf-api/customerManagement/v4/customer';
describe('probe', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('probes', async () => {
    const show = (label: string, r: request.Response) => console.log(label, r.status, JSON.stringify(r.body).slice(0, 300));
    const c = await request(t.server).post(B).send(fullCustomerBody());
    const id = c.body.id;
    for (const depth of [1200, 1500]) {
      const deep = '['.repeat(depth) + ']'.repeat(depth);
      const body = `{"name":"deep","engagedParty":{"id":"x","@referredType":"Organization"},"characteristic":[{"name":"d","value":${deep}}]}`;
      show('deep post ' + depth, await request(t.server).post(B).set('Content-Type', 'application/json').send(body));
      show('deep patch ' + depth, await request(t.server).patch(`${B}/${id}`).set('Content-Type', 'application/merge-patch+json').send(`{"characteristic":[{"name":"d","value":${deep}}]}`));
    }
    const qs = ['sort=-', 'sort=foo', 'fields=a..b', 'limit=abc', 'offset=1.5', 'limit=', 'sort=engagedParty', 'engagedParty=x', 'name.regex=(', 'creditProfile.creditScore=abc', 'contactMedium.preferred=yes', 'validFor.startDateTime=yesterday', 'creditProfile.creditScore.regex=7', 'name=' + Array(101).fill('a').join(','), Array(51).fill('name=a').join('&'), 'name.regex=' + encodeURIComponent('a{2,1}'), 'name.regex=' + encodeURIComponent('\\'), 'engagedParty.name.regex=' + encodeURIComponent('[[:foo:]]'), 'name.regex=' + encodeURIComponent('[[:foo:]]'), 'characteristic.value.gt=5', 'characteristic.value.gt=abc', 'creditProfile.creditScore.gt=99999999999999999999999', 'name.gte=\u00e9', 'name=%C3%A9', 'id.gt=abc', 'id.regex=(', 'id.regex=' + encodeURIComponent('a{2,1}'), 'name.regex=' + encodeURIComponent('(?=a)'), 'engagedParty.name.regex=' + encodeURIComponent('(?<=a)b'), '@type=Customer', 'fields=@type', '__proto__=1', 'constructor=1', 'toString.eq=1', 'name.constructor=1', 'validFor.__proto__=1','hasOwnProperty=1'];
    for (const q of qs) show(q.slice(0, 60), await request(t.server).get(`${B}?${q}`));
    show('fields __proto__', await request(t.server).get(`${B}/${id}?fields=__proto__`));
    show('fields constructor', await request(t.server).get(`${B}/${id}?fields=constructor`));
    show('fields toString', await request(t.server).get(`${B}?fields=toString`));
    show('sort toString', await request(t.server).get(`${B}?sort=toString`));
  });
});
