<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>cimcheck</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>审查(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>About cimcheck</source>
        <translation>关于 cimcheck</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>All storeys</source>
        <translation>全部楼层</translation>
    </message>
    <message>
        <source>An internal error occurred: {error}. What is on screen may be incomplete: open the model again. The details were written to {path}; please send that file to the cimcheck developers.</source>
        <translation>发生内部错误：{error}。当前显示的内容可能不完整，请重新打开模型。详细信息已写入 {path}，请将该文件发送给 cimcheck 开发者。</translation>
    </message>
    <message>
        <source>Area (m²)</source>
        <translation>面积 (m²)</translation>
    </message>
    <message>
        <source>Area diagram</source>
        <translation>面积简图</translation>
    </message>
    <message>
        <source>Area item</source>
        <translation>面积项</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Building area (m²)</source>
        <translation>建筑面积 (m²)</translation>
    </message>
    <message>
        <source>Building density</source>
        <translation>建筑密度</translation>
    </message>
    <message>
        <source>Building height (m)</source>
        <translation>建筑高度 (m)</translation>
    </message>
    <message>
        <source>Built on</source>
        <translation>基于</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Cannot check the model again</source>
        <translation>无法重新检查模型</translation>
    </message>
    <message>
        <source>Cannot open the model</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <source>Cannot write the file</source>
        <translation>无法写入文件</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>核对</translation>
    </message>
    <message>
        <source>Checked with</source>
        <translation>检查规则包：</translation>
    </message>
    <message>
        <source>Checking again…</source>
        <translation>正在重新检查…</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Clause</source>
        <translation>依据条款</translation>
    </message>
    <message>
        <source>Click to select the elements of all {n} findings</source>
        <translation>单击选中这 {n} 项涉及的全部构件</translation>
    </message>
    <message>
        <source>Click to select these elements</source>
        <translation>点击选中这些构件</translation>
    </message>
    <message>
        <source>Coefficient</source>
        <translation>面积系数</translation>
    </message>
    <message>
        <source>Colour by area category</source>
        <translation>按面积类别着色</translation>
    </message>
    <message>
        <source>Colour by finding status</source>
        <translation>按检查结论着色</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Community service space (m²)</source>
        <translation>社区配套用房 (m²)</translation>
    </message>
    <message>
        <source>Counted at half</source>
        <translation>计 1/2 面积</translation>
    </message>
    <message>
        <source>Counted in full</source>
        <translation>计全面积</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>判定依据</translation>
    </message>
    <message>
        <source>Declared</source>
        <translation>申报/明确</translation>
    </message>
    <message>
        <source>ERROR</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Element</source>
        <translation>构件</translation>
    </message>
    <message>
        <source>Elevation (m)</source>
        <translation>标高 (m)</translation>
    </message>
    <message>
        <source>Enter selects every element found</source>
        <translation>按回车键选中搜索到的全部构件</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>判定说明</translation>
    </message>
    <message>
        <source>Exempt (m²)</source>
        <translation>不计容 (m²)</translation>
    </message>
    <message>
        <source>Exempt area (m²)</source>
        <translation>不计容面积 (m²)</translation>
    </message>
    <message>
        <source>Exempt: balcony</source>
        <translation>不计容：阳台</translation>
    </message>
    <message>
        <source>Exempt: bay window</source>
        <translation>不计容：飘窗</translation>
    </message>
    <message>
        <source>Exempt: disaster passage</source>
        <translation>不计容：防灾安全通道</translation>
    </message>
    <message>
        <source>Exempt: other</source>
        <translation>不计容：其他</translation>
    </message>
    <message>
        <source>Exempt: public open space</source>
        <translation>不计容：公共开敞空间</translation>
    </message>
    <message>
        <source>Exempt: sky garden</source>
        <translation>不计容：空中花园</translation>
    </message>
    <message>
        <source>Exempt: stilt space</source>
        <translation>不计容：架空空间</translation>
    </message>
    <message>
        <source>Exemption rule</source>
        <translation>豁免规则</translation>
    </message>
    <message>
        <source>Export BCF</source>
        <translation>导出 BCF</translation>
    </message>
    <message>
        <source>Export BCF…</source>
        <translation>导出 BCF…</translation>
    </message>
    <message>
        <source>Export JSON</source>
        <translation>导出 JSON</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>导出 JSON…</translation>
    </message>
    <message>
        <source>Export area diagrams…</source>
        <translation>导出面积简图…</translation>
    </message>
    <message>
        <source>Export diagrams</source>
        <translation>导出面积简图</translation>
    </message>
    <message>
        <source>Export workbook</source>
        <translation>导出计算书</translation>
    </message>
    <message>
        <source>Export workbook…</source>
        <translation>导出 Excel 计算书…</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>不通过</translation>
    </message>
    <message>
        <source>Filter findings…</source>
        <translation>筛选检查结果…</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <source>Fit view</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Font</source>
        <translation>字体</translation>
    </message>
    <message>
        <source>Footprint (m²)</source>
        <translation>建筑基底面积 (m²)</translation>
    </message>
    <message>
        <source>Front view</source>
        <translation>前视图</translation>
    </message>
    <message>
        <source>Future-community model checker: building area (GB/T 50353-2013), plot-ratio area and the Zhejiang pilot rules.</source>
        <translation>未来社区模型审查：建筑面积（GB/T 50353-2013）、计容建筑面积及浙江省未来社区试点规则。</translation>
    </message>
    <message>
        <source>Green area (m²)</source>
        <translation>绿地面积 (m²)</translation>
    </message>
    <message>
        <source>Green ratio</source>
        <translation>绿地率</translation>
    </message>
    <message>
        <source>Greening</source>
        <translation>绿化</translation>
    </message>
    <message>
        <source>Height (m)</source>
        <translation>层高 (m)</translation>
    </message>
    <message>
        <source>Height from</source>
        <translation>层高来源</translation>
    </message>
    <message>
        <source>Height limit (m)</source>
        <translation>建筑限高 (m)</translation>
    </message>
    <message>
        <source>Hide by class</source>
        <translation>按类型隐藏</translation>
    </message>
    <message>
        <source>Horizontal section height (m)</source>
        <translation>水平剖切高度 (m)</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <source>IFC class</source>
        <translation>IFC 类型</translation>
    </message>
    <message>
        <source>IFC models (*.ifc *.ifczip);;All files (*)</source>
        <translation>IFC 模型 (*.ifc *.ifczip);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import BCF</source>
        <translation>导入 BCF</translation>
    </message>
    <message>
        <source>Import BCF…</source>
        <translation>导入 BCF…</translation>
    </message>
    <message>
        <source>In effect</source>
        <translation>当前采用</translation>
    </message>
    <message>
        <source>In no storey</source>
        <translation>不属于任何楼层</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Indicators</source>
        <translation>技术指标</translation>
    </message>
    <message>
        <source>Inferred, please confirm</source>
        <translation>推定，请确认</translation>
    </message>
    <message>
        <source>Internal error</source>
        <translation>内部错误</translation>
    </message>
    <message>
        <source>Isolate selection</source>
        <translation>隔离所选</translation>
    </message>
    <message>
        <source>Isometric view</source>
        <translation>轴测图</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>限值</translation>
    </message>
    <message>
        <source>Long name</source>
        <translation>长名称</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>余量</translation>
    </message>
    <message>
        <source>Maximum building density</source>
        <translation>建筑密度上限</translation>
    </message>
    <message>
        <source>Maximum plot ratio</source>
        <translation>容积率上限</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>实测值</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Minimum green ratio</source>
        <translation>绿地率下限</translation>
    </message>
    <message>
        <source>Model tree</source>
        <translation>模型结构</translation>
    </message>
    <message>
        <source>N/A</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>No finding</source>
        <translation>无检查结论</translation>
    </message>
    <message>
        <source>No geometry could be made for:</source>
        <translation>以下构件无法生成几何：</translation>
    </message>
    <message>
        <source>Not building area</source>
        <translation>不计面积</translation>
    </message>
    <message>
        <source>Not counted (m²)</source>
        <translation>不计容建筑面积 (m²)</translation>
    </message>
    <message>
        <source>Object type</source>
        <translation>对象类型</translation>
    </message>
    <message>
        <source>Open IFC model</source>
        <translation>打开 IFC 模型</translation>
    </message>
    <message>
        <source>Open the sample model</source>
        <translation>打开示例模型</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Overall result</source>
        <translation>总体结论</translation>
    </message>
    <message>
        <source>PASS</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Plot ratio</source>
        <translation>容积率</translation>
    </message>
    <message>
        <source>Plot-ratio area (m²)</source>
        <translation>计容建筑面积 (m²)</translation>
    </message>
    <message>
        <source>Predefined type</source>
        <translation>预定义类型</translation>
    </message>
    <message>
        <source>Project settings</source>
        <translation>项目设置</translation>
    </message>
    <message>
        <source>Project settings…</source>
        <translation>项目设置…</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>属性名</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Recent files</source>
        <translation>最近打开</translation>
    </message>
    <message>
        <source>Reclassify</source>
        <translation>改判类别</translation>
    </message>
    <message>
        <source>Reclassify selection…</source>
        <translation>改判所选构件…</translation>
    </message>
    <message>
        <source>Redo last change</source>
        <translation>重做上次修改</translation>
    </message>
    <message>
        <source>Remove the selected classification</source>
        <translation>撤销所选改判</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>要求值</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Review record</source>
        <translation>审查记录</translation>
    </message>
    <message>
        <source>Review status / comment</source>
        <translation>状态/意见</translation>
    </message>
    <message>
        <source>Rooms (m²)</source>
        <translation>房间合计 (m²)</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Rule pack</source>
        <translation>规则包</translation>
    </message>
    <message>
        <source>Search name, class or GlobalId…</source>
        <translation>搜索名称、类型或 GlobalId…</translation>
    </message>
    <message>
        <source>Section at </source>
        <translation>剖切高度 </translation>
    </message>
    <message>
        <source>See the selection through the model</source>
        <translation>透视所选（其余半透明）</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <source>Shown for context: not used by the area rules</source>
        <translation>仅供显示：不参与面积计算</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>场地</translation>
    </message>
    <message>
        <source>Site area (m²)</source>
        <translation>用地面积 (m²)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Storey</source>
        <translation>楼层</translation>
    </message>
    <message>
        <source>Storeys</source>
        <translation>分层面积</translation>
    </message>
    <message>
        <source>Structure</source>
        <translation>结构构件</translation>
    </message>
    <message>
        <source>The same internal error occurred again ({n} times); see the log</source>
        <translation>同一内部错误再次发生（共 {n} 次），详见日志</translation>
    </message>
    <message>
        <source>Top view</source>
        <translation>俯视图</translation>
    </message>
    <message>
        <source>Total building area (m²)</source>
        <translation>总建筑面积 (m²)</translation>
    </message>
    <message>
        <source>Undo last change</source>
        <translation>撤销上次修改</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>WARN</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>已写入</translation>
    </message>
    <message>
        <source>basements and storeys not counted</source>
        <translation>地下室及不计容楼层</translation>
    </message>
    <message>
        <source>cache</source>
        <translation>读取缓存</translation>
    </message>
    <message>
        <source>check</source>
        <translation>规则检查</translation>
    </message>
    <message>
        <source>cimcheck — future-community model checker</source>
        <translation>cimcheck — 未来社区模型审查</translation>
    </message>
    <message>
        <source>context</source>
        <translation>其余构件</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>index</source>
        <translation>建立索引</translation>
    </message>
    <message>
        <source>of which above ground</source>
        <translation>其中：地上</translation>
    </message>
    <message>
        <source>of which below ground</source>
        <translation>其中：地下</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>open</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>see warning</source>
        <translation>见警告</translation>
    </message>
    <message>
        <source>storey-height adjustment</source>
        <translation>层高计容调整</translation>
    </message>
    <message>
        <source>tessellate</source>
        <translation>生成几何</translation>
    </message>
    <message>
        <source>{n} findings</source>
        <translation>{n} 项</translation>
    </message>
    <message>
        <source>{n} found</source>
        <translation>找到 {n} 个</translation>
    </message>
    <message>
        <source>{n} products could not be drawn</source>
        <translation>{n} 个构件无法显示</translation>
    </message>
    <message>
        <source>{n} reviewed</source>
        <translation>已有意见 {n} 项</translation>
    </message>
    <message>
        <source>÷ rooms</source>
        <translation>÷ 房间</translation>
    </message>
</context>
</TS>
