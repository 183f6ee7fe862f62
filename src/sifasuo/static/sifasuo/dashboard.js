// The indicator dashboard's charts (ECharts), drawn from the JSON the page carries in #dashboard-data.
(function () {
  const data = JSON.parse(document.getElementById("dashboard-data").textContent);
  const pick = ["mediation_success_rate", "verification_rate", "key_handover_rate"].filter(c => c in data.trend.series);
  const trend = echarts.init(document.getElementById("chart-trend"));
  trend.setOption({tooltip: {trigger: "axis", renderMode: "richText"}, legend: {top: 0}, grid: {top: 40, left: 40, right: 20, bottom: 30},
    xAxis: {type: "category", data: data.trend.months}, yAxis: {type: "value"},
    series: pick.map(c => ({name: data.names[c], type: "line", data: data.trend.series[c]}))});
  const targets = echarts.init(document.getElementById("chart-targets"));
  const colour = {green: "#198754", amber: "#ffc107", red: "#dc3545", nodata: "#dee2e6", notarget: "#adb5bd"};
  targets.setOption({tooltip: {renderMode: "richText"}, grid: {left: 140, right: 20, top: 10, bottom: 30}, xAxis: {type: "value", max: 100},
    yAxis: {type: "category", data: data.targets.map(t => t.name)},
    series: [{type: "bar", name: "数值", data: data.targets.map(t => ({value: t.value, itemStyle: {color: colour[t.status]}})),
              markPoint: {symbol: "pin", symbolSize: 0}},
             {type: "scatter", name: "目标", symbol: "diamond", data: data.targets.map(t => t.target)}]});
  const el = document.getElementById("chart-ranking");
  if (el) {
    const ranking = echarts.init(el);
    ranking.setOption({tooltip: {renderMode: "richText"}, grid: {left: 160, right: 20, top: 10, bottom: 30}, xAxis: {type: "value"},
      yAxis: {type: "category", inverse: true, data: data.ranking.units},
      series: [{type: "bar", name: data.ranking.name, data: data.ranking.values}]});
  }
})();
