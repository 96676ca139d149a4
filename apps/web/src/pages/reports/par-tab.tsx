// Reports → Portfolio at risk.
import { Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { formatNaira } from '@mp/domain'
import { provisionClassDays, provisionClassLabel, ratioPercent } from '../../lib/report-format'
import { type CompanyFormat } from '../../lib/use-company-format'
import { FigureCard, KpiExplain, money, NO_WRAP, RatioWithExplain } from './report-parts'
import { PortfolioView } from './portfolio-view'
import type { PortfolioInput } from './report-types'

function parMeaning(days: number): string {
  return days <= 1 ? '1 or more days late' : `More than ${String(days)} days late`
}

export function ParTab({ input, format }: { input: PortfolioInput | null; format: CompanyFormat }) {
  return (
    <PortfolioView input={input} format={format} errorTitle="Could not load portfolio at risk" cards={2}>
      {(data, isFetching) => (
        <Stack gap="lg">
          <Text size="sm" c="dimmed">
            As of {format.date(data.asOf)}. PAR is balance-weighted: the outstanding principal of loans late
            by more than the days shown ÷ the outstanding principal of all running loans, never a count of
            loans. The last column also counts restructured (rescheduled) loans as at risk, whatever their
            days past due.
          </Text>
          <Table.ScrollContainer minWidth={720}>
            <Table striped verticalSpacing="xs" aria-label="Portfolio at risk" aria-busy={isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Measure</Table.Th>
                  <Table.Th ta="right">At risk</Table.Th>
                  <Table.Th ta="right">Portfolio</Table.Th>
                  <Table.Th ta="right">PAR</Table.Th>
                  <Table.Th ta="right">PAR, restructured at risk</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.par.map((row) => {
                  const name = `PAR${String(row.days)}`
                  return (
                    <Table.Tr key={row.days}>
                      <Table.Th scope="row">
                        <Text size="sm" fw={700}>
                          {name}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {parMeaning(row.days)}
                        </Text>
                      </Table.Th>
                      <Table.Td ta="right">{money(row.without.inputs[0]?.value ?? 0)}</Table.Td>
                      <Table.Td ta="right">{money(row.without.inputs[1]?.value ?? 0)}</Table.Td>
                      <Table.Td ta="right" fw={700}>
                        <RatioWithExplain kpi={row.without} name={name} />
                      </Table.Td>
                      <Table.Td ta="right">
                        <RatioWithExplain kpi={row.with} name={`${name} with restructured loans at risk`} />
                      </Table.Td>
                    </Table.Tr>
                  )
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <FigureCard
              label="Arrears rate"
              value={
                <Group gap={4} wrap="nowrap" component="span">
                  {ratioPercent(data.arrears.ratio)}
                  <KpiExplain kpi={data.arrears} name="arrears rate" />
                </Group>
              }
              detail={`Overdue principal ${formatNaira(data.arrears.inputs[0]?.value ?? 0)} of ${formatNaira(
                data.arrears.inputs[1]?.value ?? 0,
              )} outstanding. Smaller than PAR: only the late instalments count, not the whole loan.`}
            />
            <FigureCard
              label="Loan-loss provision"
              value={formatNaira(data.provisioning.total)}
              detail="Outstanding principal × the CBN rate of its class, below."
            />
          </SimpleGrid>
          <Stack gap="xs">
            <Title order={2} size="h4">
              Provisioning (CBN classes)
            </Title>
            <Text size="sm" c="dimmed">
              Classes and rates from the CBN prudential guidelines for microfinance banks, by days past due.
            </Text>
            <Table.ScrollContainer minWidth={640}>
              <Table striped verticalSpacing="xs" aria-label="Provisioning">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Class</Table.Th>
                    <Table.Th>Days past due</Table.Th>
                    <Table.Th ta="right">Rate</Table.Th>
                    <Table.Th ta="right">Outstanding principal</Table.Th>
                    <Table.Th ta="right">Provision</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.provisioning.byClass.map((row) => (
                    <Table.Tr key={row.class}>
                      <Table.Th scope="row" fw={500}>
                        {provisionClassLabel(row.class)}
                      </Table.Th>
                      <Table.Td style={NO_WRAP}>{provisionClassDays(row.class)}</Table.Td>
                      <Table.Td ta="right">{ratioPercent(row.rate, 0)}</Table.Td>
                      <Table.Td ta="right">{money(row.balance)}</Table.Td>
                      <Table.Td ta="right">{money(row.provision)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr fw={700}>
                    <Table.Th scope="row" colSpan={3}>
                      Total
                    </Table.Th>
                    <Table.Td ta="right">
                      {money(data.provisioning.byClass.reduce((sum, row) => sum + row.balance, 0))}
                    </Table.Td>
                    <Table.Td ta="right">{money(data.provisioning.total)}</Table.Td>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        </Stack>
      )}
    </PortfolioView>
  )
}
