<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../studio/ui/help_dialogs.py" line="+113"/>
        <source>About UniAPI Studio</source>
        <translation>关于 UniAPI Studio</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>UniAPI Studio {version}</source>
        <translation>UniAPI Studio {version}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A desktop studio for the UniAPI gateway: chat, audio, images, music and video.</source>
        <translation>UniAPI 网关的桌面创作工作室：对话、音频、图像、音乐和视频。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}:</source>
        <translation>{name}：</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+3"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Open the data folder</source>
        <translation>打开数据文件夹</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open the log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log folder</source>
        <translation>日志文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data folder:</source>
        <translation>数据文件夹：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log folder:</source>
        <translation>日志文件夹：</translation>
    </message>
</context>
<context>
    <name>ApiMessages</name>
    <message>
        <location filename="../../studio/api/errors.py" line="+27"/>
        <source>The request failed.</source>
        <translation>请求失败。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The request cannot be sent as it is.</source>
        <translation>该请求无法按原样发送。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The gateway rejected the request as invalid.</source>
        <translation>网关认为该请求无效，已拒绝。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This model is not available on the gateway; choose another model.</source>
        <translation>网关上没有这个模型，请换一个模型。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The API key was not accepted; check the key in your profile.</source>
        <translation>API 密钥未被接受，请检查配置中的密钥。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your UniAPI balance is too low for this request; top up and try again.</source>
        <translation>UniAPI 余额不足以完成此请求，请充值后重试。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The gateway does not know this address or item; check the base URL.</source>
        <translation>网关找不到这个地址或项目，请检查接口地址。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The request is too large for the gateway; use a smaller file or shorter input.</source>
        <translation>请求内容超出网关限制，请使用更小的文件或更短的输入。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The gateway is rate limiting you; wait a moment and try again.</source>
        <translation>请求过于频繁，网关已限流，请稍候再试。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The gateway had an internal error; try again in a moment.</source>
        <translation>网关内部出错，请稍后再试。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server answered with a web page instead of API data; check the base URL.</source>
        <translation>服务器返回的是网页而不是 API 数据，请检查接口地址。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The gateway reported an error in the middle of the reply.</source>
        <translation>网关在回复过程中报告了错误。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The service refused to start the task.</source>
        <translation>服务拒绝启动该任务。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>The task failed on the service.</source>
        <translation>任务在服务端执行失败。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The result&apos;s download link has expired, so the file could not be saved.</source>
        <translation>结果的下载链接已过期，无法保存文件。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The downloaded file is not the kind of file the service promised.</source>
        <translation>下载的文件类型与服务声明的不符。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The result file is larger than the studio accepts for its kind; it was not saved.</source>
        <translation>结果文件超过了此类文件允许的大小，未保存。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The image has more pixels than the studio opens, so it was not opened.</source>
        <translation>图片像素数超过了允许打开的上限，未打开。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The gateway answered a paid request with a redirect; it was not followed, so nothing was sent twice.</source>
        <translation>网关对付费请求返回了重定向；没有跟随，因此没有重复发送。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The server kept redirecting the request in a loop, so it was abandoned.</source>
        <translation>服务器不断循环重定向，请求已放弃。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The service sent a result link the studio will not open.</source>
        <translation>服务返回的结果链接不安全，不会打开。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A picture could not be uploaded, so the request was not sent (nothing was charged).</source>
        <translation>图片无法上传，因此请求没有发送（没有产生费用）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The network connection to the gateway failed.</source>
        <translation>与网关的网络连接失败。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not connect to the gateway; check the base URL, proxy and your connection.</source>
        <translation>无法连接到网关，请检查接口地址、代理和网络连接。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not connect to the gateway: nothing answers at that address and port; check the base URL.</source>
        <translation>无法连接到网关：该地址和端口上没有服务响应，请检查接口地址。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The gateway did not answer in time.</source>
        <translation>网关未能及时响应。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The server is sending its reply far too slowly (a few bytes at a time), so it was abandoned.</source>
        <translation>服务器发送回复过慢（每次只有几个字节），已放弃。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The connection dropped before the reply was complete.</source>
        <translation>回复尚未完成，连接就断开了。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The task did not finish in the time allowed; it is kept for a later resume.</source>
        <translation>任务未在允许的时间内完成；已保留，可稍后继续。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The request was cancelled.</source>
        <translation>请求已取消。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The studio could not use its data folder.</source>
        <translation>无法使用数据文件夹。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The studio&apos;s database stayed locked by another program.</source>
        <translation>数据库一直被其他程序锁定。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The studio&apos;s database is damaged.</source>
        <translation>数据库已损坏。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The result could not be saved on this computer.</source>
        <translation>结果无法保存到本机。</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>The gateway refused access to this request.</source>
        <translation>网关拒绝了此请求的访问。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Could not connect to the file server {host}; check your connection.</source>
        <translation>无法连接文件服务器 {host}，请检查网络连接。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The file server {host} did not answer in time.</source>
        <translation>文件服务器 {host} 未及时响应。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The connection to the file server {host} dropped before the file was complete.</source>
        <translation>与文件服务器 {host} 的连接在文件下载完成前断开。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The network connection to the file server {host} failed.</source>
        <translation>与文件服务器 {host} 的网络连接失败。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The file server {host} is rate limiting downloads; try again later.</source>
        <translation>文件服务器 {host} 正在限制下载频率；请稍后再试。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The file server {host} had an internal error; try again later.</source>
        <translation>文件服务器 {host} 发生内部错误，请稍后重试。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The file server {host} refused the download (HTTP {status}).</source>
        <translation>文件服务器 {host} 拒绝了下载（HTTP {status}）。</translation>
    </message>
    <message>
        <location line="-121"/>
        <source>The gateway (or a proxy in front of it) failed with a web error page; try again shortly.</source>
        <translation>网关（或其前面的代理）返回了错误网页，请稍后再试。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The gateway answered with something the studio cannot read.</source>
        <translation>网关返回的内容无法识别。</translation>
    </message>
    <message>
        <location line="-187"/>
        <source>The gateway answered with data the studio cannot read.</source>
        <translation>网关返回的数据无法识别。</translation>
    </message>
    <message>
        <location line="+206"/>
        <source>The proxy refused or failed the connection; check the proxy settings.</source>
        <translation>代理拒绝了连接或连接失败，请检查代理设置。</translation>
    </message>
    <message>
        <location filename="../../studio/api/streaming.py" line="+105"/>
        <source>The gateway sent a stream piece the studio cannot read.</source>
        <translation>网关发送的流数据片段无法识别。</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>The reply stopped before it was complete.</source>
        <translation>回复在完成前中断了。</translation>
    </message>
    <message>
        <location filename="../../studio/api/billing.py" line="+28"/>
        <source>The gateway&apos;s balance reply cannot be read.</source>
        <translation>无法读取网关返回的余额信息。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The gateway&apos;s balance reply has no balance.</source>
        <translation>网关返回的余额信息中没有余额。</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>The gateway could not report the balance: {message}</source>
        <translation>网关无法提供余额：{message}</translation>
    </message>
    <message>
        <location filename="../../studio/api/chat.py" line="+112"/>
        <source>The gateway&apos;s chat reply has no choices.</source>
        <translation>网关的对话回复中没有任何候选结果。</translation>
    </message>
    <message>
        <location filename="../../studio/api/completions.py" line="+52"/>
        <source>The gateway&apos;s completion reply has no choices.</source>
        <translation>网关的补全回复中没有任何候选结果。</translation>
    </message>
    <message>
        <location filename="../../studio/api/embeddings.py" line="+37"/>
        <source>The gateway&apos;s embeddings reply has no data.</source>
        <translation>网关的向量嵌入回复中没有数据。</translation>
    </message>
    <message>
        <location filename="../../studio/api/responses.py" line="+68"/>
        <source>The gateway&apos;s response object has no id.</source>
        <translation>网关返回的响应对象缺少 ID。</translation>
    </message>
    <message>
        <location filename="../../studio/api/errors.py" line="-283"/>
        <source>Midjourney does not know the task this request refers to.</source>
        <translation>Midjourney 找不到此请求所指的任务。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Midjourney rejected the request as invalid.</source>
        <translation>Midjourney 认为该请求无效，已拒绝。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Midjourney had a system error; try again later.</source>
        <translation>Midjourney 系统出错，请稍后再试。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Midjourney&apos;s queue is full; try again in a few minutes.</source>
        <translation>Midjourney 队列已满，请过几分钟再试。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Midjourney refused the prompt because it contains a banned word; rephrase it.</source>
        <translation>提示词包含违禁词，Midjourney 已拒绝，请换个说法。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Midjourney refused the request (code {code}).</source>
        <translation>Midjourney 拒绝了请求（代码 {code}）。</translation>
    </message>
    <message>
        <location filename="../../studio/api/midjourney.py" line="+135"/>
        <source>Midjourney accepted the request but sent no task id.</source>
        <translation>Midjourney 接受了请求，但没有返回任务 ID。</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Midjourney&apos;s reply cannot be read.</source>
        <translation>无法识别 Midjourney 的回复。</translation>
    </message>
    <message>
        <location filename="../../studio/api/ideogram.py" line="+98"/>
        <source>Ideogram&apos;s reply cannot be read.</source>
        <translation>无法识别 Ideogram 的回复。</translation>
    </message>
    <message>
        <location filename="../../studio/api/luma.py" line="+110"/>
        <source>Luma sent no download link for this video.</source>
        <translation>Luma 没有提供此视频的下载链接。</translation>
    </message>
    <message>
        <location filename="../../studio/api/sentences.py" line="+120"/>
        <source>The gateway said: {message}</source>
        <translation>网关返回：{message}</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>The service said: {message}</source>
        <translation>服务返回：{message}</translation>
    </message>
    <message>
        <location filename="../../studio/api/client.py" line="+93"/>
        <source>&apos;{url}&apos; is not a valid URL.</source>
        <translation>“{url}”不是有效的网址。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The base URL must start with http:// or https:// (got &apos;{url}&apos;).</source>
        <translation>接口地址必须以 http:// 或 https:// 开头（当前为“{url}”）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The base URL &apos;{url}&apos; has no host name.</source>
        <translation>接口地址“{url}”缺少主机名。</translation>
    </message>
    <message>
        <location line="+120"/>
        <source>It pointed to {location}; if that is the gateway&apos;s real address, make it the base URL.</source>
        <translation>它指向 {location}；如果那是网关的真实地址，请把它设为基础 URL。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The gateway&apos;s reply grew past {mb} MB, far more than any reply the studio reads, so it was abandoned.</source>
        <translation>网关的回复超过了 {mb} MB，远大于工作室会读取的任何回复，因此已放弃。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The gateway&apos;s reply was damaged: it claimed a compression it did not use.</source>
        <translation>网关的回复已损坏：声明了压缩但实际没有压缩。</translation>
    </message>
    <message>
        <location filename="../../studio/api/audio.py" line="+73"/>
        <source>Translation works with whisper-1 only, not {model}.</source>
        <translation>只有 whisper-1 能翻译，{model} 不行。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{model} cannot answer as {format}; it supports {allowed}.</source>
        <translation>{model} 不能以 {format} 格式返回；它支持 {allowed}。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Word or segment timestamps need the verbose_json format.</source>
        <translation>逐词或分段时间戳需要选择“带时间戳的文本”（verbose_json）格式。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unknown timestamp granularity &apos;{name}&apos;.</source>
        <translation>未知的时间戳粒度“{name}”。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Log probabilities need a gpt-4o transcription model and the json format.</source>
        <translation>对数概率需要 gpt-4o 转录模型和 json 格式。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The temperature must be between 0 and 1.</source>
        <translation>温度必须在 0 到 1 之间。</translation>
    </message>
    <message>
        <location line="+97"/>
        <location line="+36"/>
        <source>The transcription reply cannot be read.</source>
        <translation>无法读取转录结果。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>The transcription stream ended without its text.</source>
        <translation>转录流结束时没有返回文本。</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>The gateway sent no audio.</source>
        <translation>网关没有返回音频。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The gateway sent a message instead of audio.</source>
        <translation>网关返回了一条消息，而不是音频。</translation>
    </message>
    <message>
        <location filename="../../studio/api/task_replies.py" line="+38"/>
        <source>The service refused the {what}: {message}</source>
        <translation>服务拒绝了{what}：{message}</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The service accepted the {what} but sent no task id.</source>
        <translation>服务接受了{what}，但没有返回任务 ID。</translation>
    </message>
    <message>
        <location filename="../../studio/api/lenient.py" line="+110"/>
        <location filename="../../studio/api/task_replies.py" line="+11"/>
        <source>The service&apos;s {what} reply cannot be read.</source>
        <translation>无法读取服务对{what}的回复。</translation>
    </message>
    <message>
        <location filename="../../studio/core/audio.py" line="+73"/>
        <source>The file has no sound track.</source>
        <translation>该文件没有音轨。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{name} cannot be read ({reason}).</source>
        <translation>无法读取 {name}（{reason}）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{name} is empty.</source>
        <translation>{name} 是空文件。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{name} is {what}; choose an audio or video file.</source>
        <translation>{name} 是{what}；请选择音频或视频文件。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{name}: {error}</source>
        <translation>{name}：{error}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{name} is damaged or in an unsupported format.</source>
        <translation>{name} 已损坏或格式不受支持。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{name} contains no sound.</source>
        <translation>{name} 没有声音。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{name} is truncated: part of the recording is missing.</source>
        <translation>{name} 不完整：录音缺了一部分。</translation>
    </message>
    <message>
        <location line="+110"/>
        <source>{name} could not be made small enough to upload.</source>
        <translation>无法把 {name} 压缩到可上传的大小。</translation>
    </message>
    <message>
        <location line="+250"/>
        <source>There is no text to speak.</source>
        <translation>没有要朗读的文字。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The speed must be between 0.25 and 4.</source>
        <translation>语速必须在 0.25 到 4 之间。</translation>
    </message>
    <message>
        <location filename="../../studio/core/settings.py" line="+383"/>
        <location line="+28"/>
        <source>A profile needs a name.</source>
        <translation>配置需要一个名称。</translation>
    </message>
    <message>
        <location line="-25"/>
        <location line="+28"/>
        <source>A profile named &apos;{name}&apos; already exists.</source>
        <translation>已有名为“{name}”的配置。</translation>
    </message>
    <message>
        <location line="-13"/>
        <location line="+29"/>
        <location line="+12"/>
        <location line="+19"/>
        <source>There is no profile named &apos;{name}&apos;.</source>
        <translation>没有名为“{name}”的配置。</translation>
    </message>
    <message>
        <location filename="../../studio/core/task_families.py" line="+69"/>
        <source>The {what} is missing.</source>
        <translation>缺少{what}。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The {what} {file} does not exist.</source>
        <translation>{what} {file} 不存在。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The {what} {file} is not a file.</source>
        <translation>{what} {file} 不是文件。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The {what} {file} cannot be read ({reason}).</source>
        <translation>无法读取{what} {file}（{reason}）。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The {what} {file} is {found}, not an image.</source>
        <translation>{what} {file} 是{found}，不是图片。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The {what} {file} is {size} MB; the limit is {limit} MB.</source>
        <translation>{what} {file} 大小为 {size} MB，上限是 {limit} MB。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>{file} could not be uploaded: {reason}</source>
        <translation>{file} 无法上传：{reason}</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>{family} has no &apos;{kind}&apos; request (known: {known}).</source>
        <translation>{family} 没有“{kind}”请求（可用：{known}）。</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>A song needs a description, lyrics, or a clip to continue.</source>
        <translation>歌曲需要描述、歌词或一个可续写的片段。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A continuation needs the second to continue from.</source>
        <translation>续写需要指定从第几秒开始。</translation>
    </message>
    <message>
        <location line="+112"/>
        <source>The song prompt is missing.</source>
        <translation>缺少歌曲提示词。</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>The speed must be relax, fast or turbo (got &apos;{speed}&apos;).</source>
        <translation>速度必须是 relax、fast 或 turbo（当前为“{speed}”）。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Midjourney takes at most {count} reference images.</source>
        <translation>Midjourney 最多接受 {count} 张参考图。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A blend needs 2 to {count} images (got {given}).</source>
        <translation>混合需要 2 到 {count} 张图片（当前 {given} 张）。</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>Midjourney is waiting for more input (a mask or a prompt); send it with a modal request.</source>
        <translation>Midjourney 在等待更多输入（蒙版或提示词）；补充后任务会继续。</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Ideogram withheld the image as unsafe.</source>
        <translation>Ideogram 的安全检查扣下了这张图片。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ideogram sent no link for the image.</source>
        <translation>Ideogram 没有提供这张图片的链接。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The prompt is missing.</source>
        <translation>缺少提示词。</translation>
    </message>
    <message>
        <location line="+67"/>
        <location line="+85"/>
        <source>The video prompt is missing.</source>
        <translation>缺少视频提示词。</translation>
    </message>
    <message>
        <location filename="../../studio/core/tasks.py" line="+96"/>
        <source>The studio stopped while this request was being sent, so it is not known whether the service received it (and charged for it). It was not sent again: check the service, then retry if needed.</source>
        <translation>发送此请求时工作室被关闭，无法确定服务是否已收到（并已扣费）。请求没有重新发送：请先到服务端核实，需要时再重试。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The request may have reached the service; it was not sent again. Check the service before retrying.</source>
        <translation>请求可能已到达服务端，因此没有重新发送。重试前请先到服务端核实。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The gateway accepted the request, so it may have been charged; it was not sent again. Check the service before retrying.</source>
        <translation>网关已接受该请求，可能已经计费；没有再次发送。重试前请先在服务端确认。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Could not save: {reason}. The job stays open, and a resume saves the result once that is fixed.</source>
        <translation>无法保存：{reason}。任务保持未完成，问题解决后继续即可保存结果。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not finished after {minutes} minutes (the {family} limit); a resume follows it again.</source>
        <translation>{minutes} 分钟后仍未完成（{family} 的时限）；继续任务会再次跟进。</translation>
    </message>
    <message>
        <location line="+382"/>
        <source>Unknown task family &apos;{name}&apos; (known: {known}).</source>
        <translation>未知的任务类型“{name}”（可用：{known}）。</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>The studio&apos;s database stayed locked by another program, so the request was not sent (nothing was charged).</source>
        <translation>工作室的数据库一直被另一个程序锁定，因此请求没有发送（没有产生费用）。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>New paid request: a retry of job {job}.</source>
        <translation>新的付费请求：重试任务 {job}。</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Job {job} was sent already; it is never sent twice.</source>
        <translation>任务 {job} 已经发送过；同一请求不会发送两次。</translation>
    </message>
    <message>
        <location line="+30"/>
        <location line="+3"/>
        <source>The request could not be prepared: {error}</source>
        <translation>无法准备请求：{error}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The request was interrupted ({reason}).</source>
        <translation>请求被中断（{reason}）。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Cancelled right after it was accepted; nothing is followed.</source>
        <translation>服务刚接受请求就已取消，不再跟踪。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The service answered with the task job {job} follows.</source>
        <translation>服务返回的是任务 {job} 已在跟进的任务。</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>The studio&apos;s database stayed locked by another program, so job {job}&apos;s task id {task} could not be stored there, and there is no journal file beside it: note the task id down.</source>
        <translation>工作室的数据库一直被另一个程序锁定，任务 {job} 的任务 ID {task} 无法存入其中，旁边也没有日志文件：请记下这个任务 ID。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The studio&apos;s database stayed locked by another program, so job {job}&apos;s task id {task} could not be stored there; it was written to {journal} and is stored the next time the studio can write.</source>
        <translation>工作室的数据库一直被另一个程序锁定，任务 {job} 的任务 ID {task} 无法存入其中；它已写入 {journal}，下次工作室能够写入时会存入数据库。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The studio&apos;s database stayed locked by another program, so job {job}&apos;s task id {task} could not be stored there; it could not be written to {journal} either ({error}): note it down.</source>
        <translation>工作室的数据库一直被另一个程序锁定，任务 {job} 的任务 ID {task} 无法存入其中；也无法写入 {journal}（{error}）：请把它记下来。</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Cancelled; the {count} result(s) already saved are kept.</source>
        <translation>已取消；已保存的 {count} 个结果会保留。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location line="+210"/>
        <source>The service&apos;s task reply cannot be read.</source>
        <translation>无法读取服务的任务回复。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The service did not report on this task.</source>
        <translation>服务没有报告此任务的状态。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The studio could not handle the service&apos;s reply ({reason}).</source>
        <translation>工作室无法处理服务的回复（{reason}）。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The service keeps failing to report on this task: {error}</source>
        <translation>服务一直无法报告此任务的状态：{error}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Checking failed ({error}); trying again in {seconds} s.</source>
        <translation>查询状态失败（{error}），{seconds} 秒后重试。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Queued; the service expects it to start in about {seconds} s.</source>
        <translation>排队中；服务预计约 {seconds} 秒后开始。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The service is waiting for input.</source>
        <translation>服务在等待输入。</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>The task failed: {reason} ({count} result(s) saved before it failed are kept.)</source>
        <translation>任务失败：{reason}（失败前已保存的 {count} 个结果会保留。）</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+26"/>
        <source>The task failed: {reason}</source>
        <translation>任务失败：{reason}</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>{count} of {total} results failed on the service: {reason}</source>
        <translation>{total} 个结果中有 {count} 个在服务端失败：{reason}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The service reported success but sent no result to save.</source>
        <translation>服务报告成功，但没有返回可保存的结果。</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>The result could not be saved in the library.</source>
        <translation>无法将结果保存到素材库。</translation>
    </message>
    <message>
        <location line="+186"/>
        <source>The {family} task failed: {reason}</source>
        <translation>{family} 任务失败：{reason}</translation>
    </message>
    <message>
        <location filename="../../studio/qt/operation.py" line="+47"/>
        <source>Something went wrong inside the studio; the details say what.</source>
        <translation>工作室内部出了问题；详情中有具体说明。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/connection_widgets.py" line="+244"/>
        <source>The connection could not be tested.</source>
        <translation>无法测试连接。</translation>
    </message>
    <message>
        <location filename="../../studio/api/download.py" line="+113"/>
        <location line="+265"/>
        <source>it is a data: link without data</source>
        <translation>它是一个没有数据的 data: 链接</translation>
    </message>
    <message>
        <location line="-260"/>
        <source>it is empty or far too long</source>
        <translation>它是空的或太长</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>it contains spaces or control characters</source>
        <translation>它包含空格或控制字符</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it is not a valid address</source>
        <translation>它不是有效的地址</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>it is not an absolute address</source>
        <translation>它不是绝对地址</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>it is a {scheme}: link, not http or https</source>
        <translation>它是 {scheme}: 链接，而不是 http 或 https</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>it names no host</source>
        <translation>它没有主机名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>it carries a user name or password</source>
        <translation>它带有用户名或密码</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{host} leads to {address}: {problem}</source>
        <translation>{host} 指向 {address}：{problem}</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>it points at this computer, and the gateway is elsewhere</source>
        <translation>它指向这台电脑，而网关在别处</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>it points at a link-local address, where cloud metadata services live</source>
        <translation>它指向链路本地地址，那是云元数据服务所在的地方</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>it points at no real host</source>
        <translation>它没有指向真实的主机</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>it points into a private network</source>
        <translation>它指向私有网络</translation>
    </message>
    <message>
        <location line="+105"/>
        <source>The file server kept redirecting the download (more than {count} times), so it was abandoned.</source>
        <translation>文件服务器不断重定向下载（超过 {count} 次），因此已放弃。</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>The service sent a data: link that cannot be decoded; nothing was saved.</source>
        <translation>服务发送了无法解码的 data: 链接；没有保存任何内容。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The image download is {found}, not an image; it was abandoned at its first bytes.</source>
        <translation>下载的图片实际是{found}，不是图片；在读到开头几个字节时就已放弃。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The audio download is {found}, not audio; it was abandoned at its first bytes.</source>
        <translation>下载的音频实际是{found}，不是音频；在读到开头几个字节时就已放弃。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The video download is {found}, not a video; it was abandoned at its first bytes.</source>
        <translation>下载的视频实际是{found}，不是视频；在读到开头几个字节时就已放弃。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The result link redirected to an address the studio will not open: {problem}.</source>
        <translation>结果链接重定向到了工作室不会打开的地址：{problem}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The service sent a result link the studio will not open: {problem}.</source>
        <translation>服务发送了工作室不会打开的结果链接：{problem}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The image file is larger than the {mb} MB the studio accepts for it; it was not saved.</source>
        <translation>图片文件超过了工作室接受的 {mb} MB；没有保存。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The audio file is larger than the {mb} MB the studio accepts for it; it was not saved.</source>
        <translation>音频文件超过了工作室接受的 {mb} MB；没有保存。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The video file is larger than the {mb} MB the studio accepts for it; it was not saved.</source>
        <translation>视频文件超过了工作室接受的 {mb} MB；没有保存。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The text file is larger than the {mb} MB the studio accepts for it; it was not saved.</source>
        <translation>文本文件超过了工作室接受的 {mb} MB；没有保存。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The result file is larger than the {mb} MB the studio accepts for it; it was not saved.</source>
        <translation>结果文件超过了工作室接受的 {mb} MB；没有保存。</translation>
    </message>
    <message>
        <location filename="../../studio/core/database.py" line="+50"/>
        <source>The studio&apos;s database was damaged ({reason}); it was kept as {copy} and a new, empty one was started.</source>
        <translation>工作室的数据库已损坏（{reason}）；它已保留为 {copy}，并启用了一个新的空数据库。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The last automatic backup is {backup} (from {when}); `studio-cli db restore` puts it back.</source>
        <translation>最近的自动备份是 {backup}（{when}）；`studio-cli db restore` 可以恢复它。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>There is no automatic backup to go back to.</source>
        <translation>没有可以恢复的自动备份。</translation>
    </message>
    <message>
        <location line="+134"/>
        <source>The studio&apos;s database {path} is damaged ({error}); `studio-cli db restore` puts back the last automatic backup.</source>
        <translation>工作室的数据库 {path} 已损坏（{error}）；`studio-cli db restore` 可以恢复最近的自动备份。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The studio&apos;s database stayed locked by another program for too long; try again when it is done.</source>
        <translation>工作室的数据库被另一个程序锁定太久；请等它完成后再试。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The disk holding {folder} is full; free some space.</source>
        <translation>存放 {folder} 的磁盘已满；请释放一些空间。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The studio&apos;s database {path} cannot be used ({error}).</source>
        <translation>无法使用工作室的数据库 {path}（{error}）。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The data folder {folder} cannot be used ({error}).</source>
        <translation>无法使用数据文件夹 {folder}（{error}）。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The data folder {folder} is read-only, so the studio cannot open its database; make it writable or choose another data folder (STUDIO_HOME).</source>
        <translation>数据文件夹 {folder} 是只读的，工作室无法打开数据库；请让它可写，或选择另一个数据文件夹（STUDIO_HOME）。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>The backup {backup} is damaged too; choose another one.</source>
        <translation>备份 {backup} 也已损坏；请选择另一个。</translation>
    </message>
    <message>
        <location filename="../../studio/core/images.py" line="+63"/>
        <source>image</source>
        <translation>图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mask</source>
        <translation>蒙版</translation>
    </message>
    <message>
        <location line="+99"/>
        <source>The {what} {name} cannot be read ({reason}).</source>
        <translation>无法读取{what} {name}（{reason}）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The {what} {name} is empty.</source>
        <translation>{what} {name} 是空文件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The {what} {name} is not a picture (PNG, JPEG, WebP or GIF).</source>
        <translation>{what} {name} 不是图片（PNG、JPEG、WebP 或 GIF）。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The {what} {name} is {width}×{height} pixels; the studio opens pictures of up to {megapixels} megapixels.</source>
        <translation>{what} {name} 为 {width}×{height} 像素；本工作室最多打开 {megapixels} 百万像素的图片。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The {what} {name} claims far too many pixels; the studio opens pictures of up to {megapixels} megapixels.</source>
        <translation>{what} {name} 声称的像素数过多；本工作室最多打开 {megapixels} 百万像素的图片。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The {what} {name} is damaged or truncated.</source>
        <translation>{what} {name} 已损坏或不完整。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{name} is a {format}; {model} takes {allowed} images only.</source>
        <translation>{name} 是 {format} 图片；{model} 只接受 {allowed} 图片。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{name} is {width}×{height}; {model} needs a square image.</source>
        <translation>{name} 为 {width}×{height}；{model} 需要正方形图片。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{name} is {size}; {model} takes images under {limit} MB.</source>
        <translation>{name} 大小为 {size}；{model} 只接受小于 {limit} MB 的图片。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The mask {name} has no transparency; erase the area to edit so that it is transparent.</source>
        <translation>蒙版 {name} 没有透明区域；请把要编辑的区域擦成透明。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The mask {name} has no fully transparent pixel, so nothing would be edited.</source>
        <translation>蒙版 {name} 没有完全透明的像素，因此不会编辑任何内容。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The mask is {mask_width}×{mask_height} but {image} is {width}×{height}; a mask must be exactly the size of the first image.</source>
        <translation>蒙版为 {mask_width}×{mask_height}，而 {image} 为 {width}×{height}；蒙版必须与第一张图片尺寸完全相同。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The mask {name} is a {format}; masks must be PNG.</source>
        <translation>蒙版 {name} 是 {format}；蒙版必须是 PNG。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The mask {name} is {size}; masks must be under {limit} MB.</source>
        <translation>蒙版 {name} 大小为 {size}；蒙版必须小于 {limit} MB。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Choose an image first.</source>
        <translation>请先选择一张图片。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{model} takes one image; {count} were chosen.</source>
        <translation>{model} 只接受一张图片；已选择 {count} 张。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{model} takes at most {limit} images; {count} were chosen.</source>
        <translation>{model} 最多接受 {limit} 张图片；已选择 {count} 张。</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>{name} cannot be made smaller than {limit} MB without losing the picture.</source>
        <translation>{name} 无法在不损失画面的情况下缩小到 {limit} MB 以下。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{first}, {second} and {third}</source>
        <translation>{first}、{second}并{third}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{first} and {second}</source>
        <translation>{first}并{second}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} was {done} ({size}).</source>
        <translation>{name} 已{done}（{size}）。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>padded to a {width}×{height} square</source>
        <translation>补边为 {width}×{height} 的正方形</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cropped to a {width}×{height} square</source>
        <translation>裁剪为 {width}×{height} 的正方形</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>scaled down to {width}×{height}</source>
        <translation>缩小到 {width}×{height}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>saved as PNG</source>
        <translation>另存为 PNG</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The mask {name} was reshaped like the image and saved as PNG ({size}).</source>
        <translation>蒙版 {name} 已按图片同样调整形状并另存为 PNG（{size}）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The mask {name} was saved as PNG ({size}).</source>
        <translation>蒙版 {name} 已另存为 PNG（{size}）。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The mask {name} cannot be stored in under {limit} MB.</source>
        <translation>蒙版 {name} 无法以小于 {limit} MB 的大小保存。</translation>
    </message>
    <message>
        <location line="+116"/>
        <source>The gateway sent image {number} with a link the studio will not open: {problem}.</source>
        <translation>网关发送的第 {number} 张图片带有工作室不会打开的链接：{problem}。</translation>
    </message>
    <message>
        <location filename="../../studio/core/library.py" line="+318"/>
        <source>The {wanted} download was {found}, not the {wanted} expected; it was not saved.</source>
        <translation>下载的 {wanted} 实际是{found}，不是预期的 {wanted}；没有保存。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The {expect} download was a file of another kind ({kind}); it was not saved.</source>
        <translation>下载的 {expect} 是另一种类型的文件（{kind}）；没有保存。</translation>
    </message>
    <message>
        <location line="+412"/>
        <source>The downloaded {format} image is damaged or incomplete; it was not saved.</source>
        <translation>下载的 {format} 图片已损坏或不完整；没有保存。</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>The image is {width}×{height} pixels ({megapixels} megapixels); the studio opens at most {limit} megapixels, so it was not opened.</source>
        <translation>这张图片是 {width}×{height} 像素（{megapixels} 百万像素）；工作室最多打开 {limit} 百万像素，因此没有打开。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The image has far too many pixels; the studio opens at most {limit} megapixels, so it was not opened.</source>
        <translation>这张图片的像素太多；工作室最多打开 {limit} 百万像素，因此没有打开。</translation>
    </message>
    <message>
        <location filename="../../studio/core/music.py" line="+106"/>
        <source>Only a Suno song can be continued.</source>
        <translation>只有 Suno 歌曲可以续写。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pick a point inside the song, after 0 s and up to {end} s.</source>
        <translation>请在歌曲之内选一个位置：大于 0 秒，最多 {end} 秒。</translation>
    </message>
    <message>
        <location line="+127"/>
        <source>The file of “{title}” is missing from the library.</source>
        <translation>资料库中找不到“{title}”的文件。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/music/suno_panel.py" line="+272"/>
        <source>Pick the song to continue first.</source>
        <translation>请先选择要续写的歌曲。</translation>
    </message>
    <message>
        <location filename="../../studio/api/images.py" line="+132"/>
        <location filename="../../studio/core/images.py" line="-412"/>
        <source>{first} or {last}</source>
        <translation>{first}或{last}</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>The prompt is empty.</source>
        <translation>提示词为空。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The number of images must be from 1 to {most} (got {n}).</source>
        <translation>图片数量必须在 1 到 {most} 之间（当前为 {n}）。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{model} cannot generate images; use {able}.</source>
        <translation>{model} 不能生成图片；请使用 {able}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{model} cannot edit images; use {able}.</source>
        <translation>{model} 不能编辑图片；请使用 {able}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{model} cannot make variations; use {able}.</source>
        <translation>{model} 不能生成变体；请使用 {able}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{model} takes prompts of at most {most} characters; this one has {count}.</source>
        <translation>{model} 的提示词最多 {most} 个字符；当前有 {count} 个。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{model} makes one image per request.</source>
        <translation>{model} 每次请求只生成一张图片。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>style</source>
        <translation>风格</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>response format</source>
        <translation>返回格式</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>output format</source>
        <translation>输出格式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>background</source>
        <translation>背景</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>moderation</source>
        <translation>审核</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{model} takes no {option} option here; leave it unset.</source>
        <translation>{model} 在此不接受“{option}”选项；请保持未设置。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{model} has no {option} {value}; choose {allowed}.</source>
        <translation>{model} 没有{option} {value}；请选择 {allowed}。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{model} takes no compression option; leave it unset.</source>
        <translation>{model} 不接受压缩选项；请保持未设置。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The compression must be from 0 to 100 (got {value}).</source>
        <translation>压缩率必须在 0 到 100 之间（当前为 {value}）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Compression applies to JPEG and WebP output only; choose one of those formats.</source>
        <translation>压缩只适用于 JPEG 和 WebP 输出；请选择其中一种格式。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A transparent background needs PNG or WebP output; JPEG has no transparency.</source>
        <translation>透明背景需要 PNG 或 WebP 输出；JPEG 不支持透明。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The image sent is larger than {limit} MB, more than any image result; it was not saved.</source>
        <translation>收到的图片超过 {limit} MB，大于任何图片结果；未保存。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The image sent is not valid base64 data; it was not saved.</source>
        <translation>收到的图片不是有效的 base64 数据；未保存。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The gateway sent an empty image.</source>
        <translation>网关返回了一张空图片。</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The images reply cannot be read.</source>
        <translation>无法读取图片接口的回复。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The gateway answered without any image.</source>
        <translation>网关的回复中没有任何图片。</translation>
    </message>
    <message>
        <location filename="../../studio/core/video.py" line="+47"/>
        <source>{name} cannot be played as a video ({reason}).</source>
        <translation>{name} 无法作为视频播放（{reason}）。</translation>
    </message>
    <message>
        <location filename="../../studio/core/library_backup.py" line="+142"/>
        <source>{name} is not a library backup made by UniAPI Studio.</source>
        <translation>{name} 不是 UniAPI Studio 生成的资料库备份。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{name} was made by a newer UniAPI Studio; update the app to restore it.</source>
        <translation>{name} 由更新版本的 UniAPI Studio 生成；请先更新应用再恢复。</translation>
    </message>
    <message>
        <location filename="../../studio/core/prompt_check.py" line="+24"/>
        <source>Moderation flags this prompt ({categories}); the gateway may refuse it. Send it anyway?</source>
        <translation>内容审核标记了此提示词（{categories}）；网关可能会拒绝。仍要发送吗？</translation>
    </message>
</context>
<context>
    <name>AssetListModel</name>
    <message>
        <location filename="../../studio/ui/widgets/asset_model.py" line="+103"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
</context>
<context>
    <name>AssetTileDelegate</name>
    <message>
        <location line="+137"/>
        <source>image</source>
        <translation>图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>text</source>
        <translation>文本</translation>
    </message>
</context>
<context>
    <name>AudioTab</name>
    <message>
        <location filename="../../studio/ui/audio/audio_tab.py" line="+143"/>
        <source>Add audio or video files…</source>
        <translation>添加音频或视频文件…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Files to transcribe</source>
        <translation>待转写的文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drop audio or video files here</source>
        <translation>将音频或视频文件拖放到这里</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>auto-detect (e.g. en, zh)</source>
        <translation>自动检测（如 en、zh）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>names or spellings to expect</source>
        <translation>可能出现的人名或专有拼写</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Word timestamps</source>
        <translation>逐词时间戳</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Segment timestamps</source>
        <translation>分段时间戳</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log probabilities</source>
        <translation>对数概率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stream the text</source>
        <translation>流式输出文字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Translate into English</source>
        <translation>翻译成英文</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+73"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="-72"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+72"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location line="-68"/>
        <source>Timestamps</source>
        <translation>时间戳</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Segments</source>
        <translation>分段</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save to library</source>
        <translation>保存到素材库</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export:</source>
        <translation>导出：</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Text to speak</source>
        <translation>要朗读的文字</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>e.g. speak calmly (gpt-4o-mini-tts)</source>
        <translation>例如：语气平静（gpt-4o-mini-tts）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Speak</source>
        <translation>朗读</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save speech to library</source>
        <translation>将语音保存到素材库</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Text to speech</source>
        <translation>文字转语音</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Voice</source>
        <translation>音色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instructions</source>
        <translation>语气说明</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Speed</source>
        <translation>语速</translation>
    </message>
    <message>
        <location line="+130"/>
        <source>Choose audio or video files</source>
        <translation>选择音频或视频文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Audio and video (*.mp3 *.wav *.m4a *.mp4 *.ogg *.oga *.flac *.webm *.mpeg *.mpga);;All files (*)</source>
        <translation>音频和视频 (*.mp3 *.wav *.m4a *.mp4 *.ogg *.oga *.flac *.webm *.mpeg *.mpga);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Uploading…</source>
        <translation>正在上传…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Transcribing…</source>
        <translation>正在转写…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Done: {count} segments</source>
        <translation>完成：共 {count} 段</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Transcribed {name}</source>
        <translation>已转写 {name}</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="-271"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plain text</source>
        <translation>纯文本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text with timestamps</source>
        <translation>带时间戳的文本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subtitles (SRT)</source>
        <translation>字幕（SRT）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subtitles (WebVTT)</source>
        <translation>字幕（WebVTT）</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>The transcript appears here; you can edit it before exporting.</source>
        <translation>转录文本会显示在这里；导出前可以编辑。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Drop a file to see its waveform</source>
        <translation>拖入文件即可查看波形</translation>
    </message>
    <message>
        <location line="+259"/>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{name}: {message}</source>
        <translation>{name}：{message}</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Transcript copied</source>
        <translation>转写文本已复制</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Export transcript</source>
        <translation>导出转写文本</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Saved the transcript to the library</source>
        <translation>转写文本已保存到素材库</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{count} characters</source>
        <translation>{count} 个字符</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Type some text to speak first.</source>
        <translation>请先输入要朗读的文字。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Speech ready</source>
        <translation>语音已生成</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Saved the speech to the library</source>
        <translation>语音已保存到素材库</translation>
    </message>
</context>
<context>
    <name>ChatSettingsPanel</name>
    <message>
        <location filename="../../studio/ui/chat/settings_panel.py" line="+36"/>
        <source>Chat Completions</source>
        <translation>对话补全（Chat Completions）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Responses API</source>
        <translation>响应接口（Responses API）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Completions (legacy)</source>
        <translation>文本补全（旧版）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>You are a helpful assistant.</source>
        <translation>你是一个乐于助人的助手。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+5"/>
        <location line="+4"/>
        <location line="+3"/>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON object</source>
        <translation>JSON 对象</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON schema</source>
        <translation>JSON Schema 结构</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>JSON schema of the reply</source>
        <translation>回复的 JSON schema</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>comma-separated, e.g. END, ###</source>
        <translation>用逗号分隔，例如 END, ###</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>text after the completion</source>
        <translation>补全内容之后的文本</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Save as assistant…</source>
        <translation>另存为助手…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top P</source>
        <translation>Top P</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reasoning effort</source>
        <translation>推理强度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Response format</source>
        <translation>回复格式</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop sequences</source>
        <translation>停止序列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suffix</source>
        <translation>后缀</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>The schema is not valid JSON: {error}</source>
        <translation>结构定义不是有效的 JSON：{error}</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>This conversation: {i} tokens in, {o} tokens out</source>
        <translation>本对话：输入 {i} 个 token，输出 {o} 个 token</translation>
    </message>
</context>
<context>
    <name>ChatTab</name>
    <message>
        <location filename="../../studio/ui/chat/chat_tab.py" line="+48"/>
        <source>Delete “{title}”</source>
        <translation>删除“{title}”</translation>
    </message>
    <message>
        <location line="+30"/>
        <location line="+97"/>
        <location line="+111"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location line="-207"/>
        <source>New chat (Ctrl+N)</source>
        <translation>新对话（Ctrl+N）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Assistants</source>
        <translation>助手</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import a conversation exported as JSON</source>
        <translation>导入以 JSON 格式导出的对话</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Start a conversation: type below and press Enter.
Drop images or text files on the box to attach them.</source>
        <translation>开始对话：在下方输入内容并按 Enter 发送。
把图片或文本文件拖到输入框即可添加为附件。</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Conversation settings panel</source>
        <translation>对话设置面板</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>Rename conversation</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Deleted “{title}”. Press Ctrl+Z to undo.</source>
        <translation>已删除“{title}”。按 Ctrl+Z 可撤销。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not export to {name}: {error}</source>
        <translation>无法导出到 {name}：{error}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This file is not a UniAPI Studio conversation export.</source>
        <translation>这个文件不是 UniAPI Studio 导出的对话。</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+9"/>
        <source>Could not import {name}: {error}</source>
        <translation>无法导入 {name}：{error}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Export conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Import conversation</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No saved assistants yet</source>
        <translation>还没有保存的助手</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Saved assistant “{name}”</source>
        <translation>已保存助手“{name}”</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save as assistant</source>
        <translation>另存为助手</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Code copied</source>
        <translation>代码已复制</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Message copied</source>
        <translation>消息已复制</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Error details</source>
        <translation>错误详情</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Delete message</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete this message and everything after it on this branch?</source>
        <translation>要删除这条消息以及此分支中它之后的所有内容吗？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>CheckDialog</name>
    <message>
        <location filename="../../studio/ui/library/check_dialog.py" line="+30"/>
        <source>Check library</source>
        <translation>检查资料库</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Missing: {name} (used by {count} assets)</source>
        <translation>缺失：{name}（{count} 个素材在用）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Damaged: {name} (used by {count} assets)</source>
        <translation>已损坏：{name}（{count} 个素材在用）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unused: {name}</source>
        <translation>未使用：{name}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Remove {count} unused files…</source>
        <translation>删除 {count} 个未使用的文件…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>All {count} files are whole: each still matches the hash it was stored under.</source>
        <translation>全部 {count} 个文件完好：每个文件仍与存储时的哈希一致。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} files checked: {missing} missing, {damaged} damaged (their bytes changed since they were stored), {orphans} unused by any asset.</source>
        <translation>已检查 {count} 个文件：{missing} 个缺失，{damaged} 个已损坏（存储后字节有变化），{orphans} 个没有任何素材使用。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{count} unused files removed.</source>
        <translation>已删除 {count} 个未使用的文件。</translation>
    </message>
</context>
<context>
    <name>ClipChoices</name>
    <message>
        <location filename="../../studio/ui/music/suno_panel.py" line="-211"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../studio/ui/chat/composer.py" line="+97"/>
        <location line="+35"/>
        <source>Message (Enter to send, Shift+Enter for a new line)</source>
        <translation>输入消息（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>Attach images or text files</source>
        <translation>添加图片或文本文件作为附件</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+36"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Message (Ctrl+Enter to send, Enter for a new line)</source>
        <translation>输入消息（Ctrl+Enter 发送，Enter 换行）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the reply (Esc)</source>
        <translation>停止回复（Esc）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Send (Enter)</source>
        <translation>发送（Enter）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Editing a message: sending creates a new branch. Esc cancels.</source>
        <translation>正在编辑消息：发送后会创建新的分支。按 Esc 取消。</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Attach files</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{name} is not a file.</source>
        <translation>{name} 不是文件。</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>{name} is larger than 20 MB.</source>
        <translation>{name} 超过 20 MB。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} is not a readable image.</source>
        <translation>{name} 不是可读取的图片。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>pasted image</source>
        <translation>粘贴的图片</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>image</source>
        <translation>图片</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove this attachment</source>
        <translation>移除此附件</translation>
    </message>
</context>
<context>
    <name>ConnectionTester</name>
    <message>
        <location filename="../../studio/ui/connection_widgets.py" line="-112"/>
        <location line="+54"/>
        <location line="+10"/>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location line="-57"/>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connecting to {url}…</source>
        <translation>正在连接 {url}…</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Connected: {count} models (this gateway does not report a balance)</source>
        <translation>已连接：{count} 个模型（此网关不提供余额信息）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connected: {count} models, balance unlimited</source>
        <translation>已连接：{count} 个模型，余额不限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connected: {count} models, balance ${balance}</source>
        <translation>已连接：{count} 个模型，余额 ${balance}</translation>
    </message>
</context>
<context>
    <name>ConversationList</name>
    <message>
        <location filename="../../studio/ui/chat/conversation_list.py" line="+125"/>
        <source>Search all conversations</source>
        <translation>搜索所有对话</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous 30 days</source>
        <translation>过去 30 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Older</source>
        <translation>更早</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+23"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>No conversation matches.</source>
        <translation>没有匹配的对话。</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export as Markdown…</source>
        <translation>导出为 Markdown…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export as JSON…</source>
        <translation>导出为 JSON…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>CrashHandler</name>
    <message>
        <location filename="../../studio/ui/crash.py" line="+129"/>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>UniAPI Studio met an unexpected error. Your work so far is kept.</source>
        <translation>UniAPI Studio 遇到意外错误。您目前的工作已保留。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the report&apos;s folder</source>
        <translation>打开报告所在文件夹</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>A report (without your API key) was saved as {path}. If something looks wrong, save what you are doing and restart the app.</source>
        <translation>已保存一份报告（不含您的 API 密钥）：{path}。如有异常，请保存当前工作并重新启动应用。</translation>
    </message>
</context>
<context>
    <name>DesktopIntegration</name>
    <message>
        <location filename="../../studio/ui/desktop.py" line="+106"/>
        <source>Show UniAPI Studio</source>
        <translation>显示 UniAPI Studio</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message numerus="yes">
        <location line="+24"/>
        <source>%n job(s) running</source>
        <translation>
            <numerusform>%n 个任务正在运行</numerusform>
        </translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No jobs running</source>
        <translation>没有正在运行的任务</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>UniAPI Studio — {jobs}</source>
        <translation>UniAPI Studio — {jobs}</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+4"/>
        <source>Task finished</source>
        <translation>任务已完成</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Task failed</source>
        <translation>任务失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task needs attention</source>
        <translation>任务需要处理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task cancelled</source>
        <translation>任务已取消</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>No tab opens these files: {names}</source>
        <translation>没有标签页能打开这些文件：{names}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not found: {names}</source>
        <translation>找不到：{names}</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <location filename="../../studio/ui/library/detail_pane.py" line="+70"/>
        <source>Choose an asset to see it here.</source>
        <translation>选择一个素材，在这里查看。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Text of the item</source>
        <translation>条目的文本</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Setting</source>
        <translation>设置项</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tags, separated by commas</source>
        <translation>标签，用逗号分隔</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+10"/>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lineage</source>
        <translation>来源链</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Settings the job used</source>
        <translation>任务使用的设置</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>made on this computer</source>
        <translation>在这台电脑上制作</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>in the trash</source>
        <translation>在回收站中</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>no parent or children</source>
        <translation>没有上级或下级</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>This asset&apos;s file is missing; “Check library” lists what is gone.</source>
        <translation>这个素材的文件缺失；“检查资料库”会列出丢失的内容。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>This image cannot be shown.</source>
        <translation>无法显示这张图片。</translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <location filename="../../studio/ui/widgets/drop_zone.py" line="+113"/>
        <source>Only files on this computer can be dropped here; save the file first.</source>
        <translation>这里只能拖入本机上的文件；请先保存文件。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Only one file at a time here; {names} left out.</source>
        <translation>这里一次只能放一个文件；{names} 未加入。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{names}: not a file I can use here (this takes {what}).</source>
        <translation>{names}：这里用不了这种文件（这里接受{what}）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>images</source>
        <translation>图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>text files</source>
        <translation>文本文件</translation>
    </message>
</context>
<context>
    <name>FileRow</name>
    <message>
        <location filename="../../studio/ui/audio/audio_tab.py" line="-497"/>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>FrameSlot</name>
    <message>
        <location filename="../../studio/ui/video/frame_slot.py" line="+38"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Drop an image here</source>
        <translation>把图片拖到这里</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not a picture</source>
        <translation>不是图片</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Choose a picture</source>
        <translation>选择图片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Images (*.png *.jpg *.jpeg *.webp);;All files (*)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.webp);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>IdeogramPanel</name>
    <message>
        <location filename="../../studio/ui/images/ideogram_panel.py" line="+91"/>
        <location line="+183"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location line="-183"/>
        <location line="+184"/>
        <source>Remix</source>
        <translation>混合重绘</translation>
    </message>
    <message>
        <location line="-184"/>
        <location line="+185"/>
        <source>Upscale</source>
        <translation>放大</translation>
    </message>
    <message>
        <location line="-185"/>
        <location line="+186"/>
        <source>Describe</source>
        <translation>描述</translation>
    </message>
    <message>
        <location line="-183"/>
        <source>Describe the picture; Ideogram is good at text in pictures</source>
        <translation>描述图片；Ideogram 擅长在图中写字</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Picture</source>
        <translation>图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gateway default</source>
        <translation>网关默认</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{version} turbo</source>
        <translation>{version} 极速版</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+3"/>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>general</source>
        <translation>通用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>realistic</source>
        <translation>写实</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>design</source>
        <translation>设计</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>3D render</source>
        <translation>3D 渲染</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>anime</source>
        <translation>动漫</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What to keep out of the picture</source>
        <translation>不希望出现在图中的内容</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>How much of the picture the remix keeps (1–100)</source>
        <translation>混合重绘保留原图的程度（1–100）</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Aspect ratio</source>
        <translation>宽高比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Magic prompt</source>
        <translation>魔法提示词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Style</source>
        <translation>风格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Negative prompt</source>
        <translation>反向提示词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images</source>
        <translation>图片数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image weight</source>
        <translation>原图权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resemblance</source>
        <translation>相似度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detail</source>
        <translation>细节</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Pick a job to see its pictures here.</source>
        <translation>选择一个任务，在这里查看它的图片。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Show raw JSON</source>
        <translation>显示原始 JSON</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Ideogram results</source>
        <translation>Ideogram 结果</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Click a description to use it as the prompt</source>
        <translation>点击一条描述，把它用作提示词</translation>
    </message>
    <message>
        <location line="-21"/>
        <location line="+33"/>
        <source>Ideogram jobs</source>
        <translation>Ideogram 任务</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>Sent to Ideogram; its pictures show on the right.</source>
        <translation>已发送到 Ideogram；图片显示在右侧。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The description is the prompt now.</source>
        <translation>这条描述已成为提示词。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The prompt and settings of this result are back in the form</source>
        <translation>此结果的提示词和设置已填回表单</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Blocked: Ideogram&apos;s safety check withheld this picture</source>
        <translation>已拦截：Ideogram 的安全检查扣下了这张图片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ideogram sent no link for this picture</source>
        <translation>Ideogram 没有发来这张图片的链接</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>seed {seed}</source>
        <translation>种子 {seed}</translation>
    </message>
</context>
<context>
    <name>ImageEditor</name>
    <message>
        <location filename="../../studio/ui/images/image_editor.py" line="+89"/>
        <source>The mask applies to the first picture</source>
        <translation>蒙版作用于第一张图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add images…</source>
        <translation>添加图片…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+95"/>
        <source>Drop, paste (Ctrl+V) or add pictures; paint where the edit may change.</source>
        <translation>拖入、粘贴（Ctrl+V）或添加图片；在允许修改的地方涂抹。</translation>
    </message>
    <message>
        <location line="-81"/>
        <source>Brush size</source>
        <translation>画笔大小</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Brush hardness</source>
        <translation>画笔硬度</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Eraser</source>
        <translation>橡皮擦</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invert</source>
        <translation>反选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Brush</source>
        <translation>画笔</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hardness</source>
        <translation>硬度</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+200"/>
        <source>Mask file: none (paint on the picture, or drop a mask PNG here)</source>
        <translation>蒙版文件：无（在图片上涂抹，或把蒙版 PNG 拖到这里）</translation>
    </message>
    <message>
        <location line="-198"/>
        <source>Choose mask…</source>
        <translation>选择蒙版…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No mask file</source>
        <translation>不用蒙版文件</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Drop, paste (Ctrl+V) or add the picture to make variations of.</source>
        <translation>拖入、粘贴（Ctrl+V）或添加要生成变体的图片。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{size} px</source>
        <translation>{size} 像素</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choose pictures</source>
        <translation>选择图片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pictures (*.png *.jpg *.jpeg *.webp);;All files (*)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.webp);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>{name}: {width}×{height}</source>
        <translation>{name}：{width}×{height}</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>The clipboard holds no picture.</source>
        <translation>剪贴板中没有图片。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Choose a mask</source>
        <translation>选择蒙版</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PNG pictures (*.png);;All files (*)</source>
        <translation>PNG 图片 (*.png);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Loaded the mask {name} onto the picture</source>
        <translation>已把蒙版 {name} 载入到图片上</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Mask file: {name}</source>
        <translation>蒙版文件：{name}</translation>
    </message>
</context>
<context>
    <name>ImageList</name>
    <message>
        <location filename="../../studio/ui/images/image_list.py" line="+39"/>
        <location line="+69"/>
        <source>Drop pictures here or choose them</source>
        <translation>把图片拖到这里，或选择图片</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>At most {count} pictures here; {left} left out.</source>
        <translation>这里最多 {count} 张图片；{left} 张未加入。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>{count} of at most {limit}</source>
        <translation>{count} / 最多 {limit}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Choose pictures</source>
        <translation>选择图片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Images (*.png *.jpg *.jpeg *.webp);;All files (*)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.webp);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ImageWindow</name>
    <message>
        <location filename="../../studio/ui/widgets/image_viewer.py" line="+92"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This image cannot be shown.</source>
        <translation>无法显示这张图片。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{width} × {height} px · wheel or Ctrl+plus/minus to zoom, 0 to fit, drag to pan</source>
        <translation>{width} × {height} 像素 · 滚轮或 Ctrl+加号/减号缩放，0 适应窗口，拖动平移</translation>
    </message>
</context>
<context>
    <name>ImagesTab</name>
    <message>
        <location filename="../../studio/ui/images/images_tab.py" line="+38"/>
        <source>OpenAI</source>
        <translation>OpenAI</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Midjourney</source>
        <translation>Midjourney</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ideogram</source>
        <translation>Ideogram</translation>
    </message>
</context>
<context>
    <name>JobTableModel</name>
    <message>
        <location filename="../../studio/ui/widgets/job_model.py" line="+221"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Retry: {title}</source>
        <translation>重试：{title}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>A new paid request: a retry of job #{id}.</source>
        <translation>新的付费请求：重试任务 #{id}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Task id: {task_id}</source>
        <translation>任务 ID：{task_id}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The service says: {status}</source>
        <translation>服务端状态：{status}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sending</source>
        <translation>正在发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Running</source>
        <translation>生成中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saving</source>
        <translation>正在保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Needs attention</source>
        <translation>需要处理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} 分 {seconds} 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} 小时 {minutes} 分</translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <location filename="../../studio/ui/library/library_model.py" line="+110"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
</context>
<context>
    <name>LibraryTab</name>
    <message>
        <location filename="../../studio/ui/library/library_tab.py" line="+139"/>
        <source>Search prompts, titles, tags, lyrics, transcripts…</source>
        <translation>搜索提示词、标题、标签、歌词、转写文本…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All kinds</source>
        <translation>所有类型</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>from any date</source>
        <translation>起始日期不限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>to any date</source>
        <translation>结束日期不限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Favourites</source>
        <translation>收藏</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Newest</source>
        <translation>最新</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oldest</source>
        <translation>最早</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+28"/>
        <location line="+15"/>
        <source>Library items</source>
        <translation>资料库条目</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>List</source>
        <translation>列表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Trash</source>
        <translation>回收站</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import files…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add tag…</source>
        <translation>添加标签…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Move to trash</source>
        <translation>移到回收站</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Empty trash…</source>
        <translation>清空回收站…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check library…</source>
        <translation>检查资料库…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Back up…</source>
        <translation>备份…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the whole library (files and database) in one zip</source>
        <translation>把整个资料库（文件和数据库）保存到一个 zip 文件中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restore from backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add the assets of a backup zip that this library lacks; nothing here is replaced</source>
        <translation>把备份 zip 中本资料库没有的素材加回来；现有内容不会被替换</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reuse settings</source>
        <translation>复用设置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+319"/>
        <source>Favourite</source>
        <translation>收藏</translation>
    </message>
    <message>
        <location line="-316"/>
        <location line="+1"/>
        <source>Send to</source>
        <translation>发送到</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>All services</source>
        <translation>所有服务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All models</source>
        <translation>所有模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All tags</source>
        <translation>所有标签</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The trash is empty.</source>
        <translation>回收站是空的。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing matches these words and filters.</source>
        <translation>没有符合这些关键词和筛选条件的内容。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing in the library yet. Everything you make appears here; drop images, audio or video here to import them.</source>
        <translation>资料库还是空的。你制作的一切都会出现在这里；把图片、音频或视频拖到这里即可导入。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{count} assets</source>
        <translation>{count} 个素材</translation>
    </message>
    <message>
        <location line="+146"/>
        <source>Tag {count} assets</source>
        <translation>为 {count} 个素材添加标签</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Tag for {count} assets:</source>
        <translation>为 {count} 个素材添加的标签：</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Move {count} assets to the trash</source>
        <translation>将 {count} 个素材移到回收站</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restore {count} assets</source>
        <translation>恢复 {count} 个素材</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{count} assets moved to the trash (Ctrl+Z brings them back).</source>
        <translation>已将 {count} 个素材移到回收站（Ctrl+Z 可撤销）。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{count} assets in the trash will be deleted for good, with every file no other asset uses.</source>
        <translation>回收站中的 {count} 个素材将被永久删除，其他素材未使用的文件也一并删除。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{count} assets deleted for good.</source>
        <translation>已永久删除 {count} 个素材。</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Exported {count} assets to {folder}</source>
        <translation>已将 {count} 个素材导出到 {folder}</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>{count} assets copied.</source>
        <translation>已复制 {count} 个素材。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Back up the library</source>
        <translation>备份资料库</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+40"/>
        <source>Zip files (*.zip)</source>
        <translation>Zip 文件 (*.zip)</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>Backing up the library…</source>
        <translation>正在备份资料库…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Backed up {count} assets ({size}) to {path}</source>
        <translation>已将 {count} 个素材（{size}）备份到 {path}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} files were missing from the library and are not in it.</source>
        <translation>有 {count} 个文件在资料库中已丢失，未包含在备份中。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Restoring from {name}…</source>
        <translation>正在从 {name} 恢复…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Restored {count} assets; {already} were in the library already.</source>
        <translation>已恢复 {count} 个素材；另有 {already} 个本来就在资料库中。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{count} damaged files in the backup were left out.</source>
        <translation>备份中有 {count} 个损坏的文件，已跳过。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{count} files that no asset uses will be deleted.</source>
        <translation>将删除 {count} 个没有素材使用的文件。</translation>
    </message>
    <message>
        <location line="-289"/>
        <source>Edit notes</source>
        <translation>编辑备注</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Not a favourite</source>
        <translation>取消收藏</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Add a tag</source>
        <translation>添加标签</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Empty the trash?</source>
        <translation>清空回收站？</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete for good</source>
        <translation>永久删除</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Import into the library</source>
        <translation>导入资料库</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Images, audio and video (*.png *.jpg *.jpeg *.webp *.gif *.mp3 *.wav *.m4a *.ogg *.flac *.mp4 *.mov *.webm)</source>
        <translation>图片、音频和视频 (*.png *.jpg *.jpeg *.webp *.gif *.mp3 *.wav *.m4a *.ogg *.flac *.mp4 *.mov *.webm)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Imported {name}</source>
        <translation>已导入 {name}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export to a folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No file manager could be opened; the file is {path}</source>
        <translation>无法打开文件管理器；文件位于 {path}</translation>
    </message>
    <message>
        <location line="+139"/>
        <source>Remove unused files?</source>
        <translation>删除未使用的文件？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>LineageDialog</name>
    <message>
        <location filename="../../studio/ui/music/lineage_dialog.py" line="+28"/>
        <source>Lineage of “{title}”</source>
        <translation>“{title}”的来龙去脉</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+21"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>continues  {title}</source>
        <translation>续写自  {title}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this song  {title}</source>
        <translation>本曲  {title}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>continued by  {title}</source>
        <translation>被续写为  {title}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This song continues nothing, and nothing continues it yet.</source>
        <translation>这首歌不是续写的，也还没有被续写。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>, from {at} s</source>
        <translation>，从 {at} 秒起</translation>
    </message>
</context>
<context>
    <name>LumaPanel</name>
    <message>
        <location filename="../../studio/ui/video/luma_panel.py" line="+36"/>
        <source>Describe the video: what moves, and how the camera moves</source>
        <translation>描述视频：什么在动，镜头怎样移动</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Expand the prompt</source>
        <translation>扩写提示词</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Luma adds detail to a short prompt before it starts</source>
        <translation>Luma 会在开始前为简短的提示词补充细节</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loop (the end flows back into the start)</source>
        <translation>循环（结尾衔接回开头）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start frame</source>
        <translation>起始帧</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End frame</source>
        <translation>结束帧</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Gateway default</source>
        <translation>网关默认</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Make a new video instead</source>
        <translation>改为制作新视频</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+44"/>
        <source>Generate with Luma</source>
        <translation>用 Luma 生成</translation>
    </message>
    <message>
        <location line="-35"/>
        <source>Aspect ratio</source>
        <translation>宽高比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Extending “{title}”: it continues from its last frame.</source>
        <translation>正在延长“{title}”：从它的最后一帧继续。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Extend with Luma</source>
        <translation>用 Luma 延长</translation>
    </message>
</context>
<context>
    <name>LyricsEditor</name>
    <message>
        <location filename="../../studio/ui/music/lyrics_editor.py" line="+34"/>
        <source>Lyrics</source>
        <translation>歌词</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>{count} characters · {sections} sections</source>
        <translation>{count} 个字符 · {sections} 个段落</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../studio/ui/main_window.py" line="+79"/>
        <source>UniAPI Studio</source>
        <translation>UniAPI Studio</translation>
    </message>
    <message>
        <location line="+187"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="-110"/>
        <source>Go to {tab}</source>
        <translation>转到{tab}</translation>
    </message>
    <message>
        <location line="+112"/>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>The library database was damaged</source>
        <translation>资料库数据库已损坏</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>About UniAPI Studio</source>
        <translation>关于 UniAPI Studio</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No profile (demo simulator)</source>
        <translation>无配置（演示模拟器）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Demo (built-in simulator)</source>
        <translation>演示（内置模拟器）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Profile: {name}</source>
        <translation>配置：{name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>● connecting…</source>
        <translation>● 正在连接…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>● offline</source>
        <translation>● 离线</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>● connected</source>
        <translation>● 已连接</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Balance: unlimited</source>
        <translation>余额：不限</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Balance: ${amount}</source>
        <translation>余额：${amount}</translation>
    </message>
</context>
<context>
    <name>MaskCanvas</name>
    <message>
        <location filename="../../studio/ui/widgets/mask_canvas.py" line="+183"/>
        <source>Clear mask</source>
        <translation>清除蒙版</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Invert mask</source>
        <translation>反选蒙版</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Load mask</source>
        <translation>载入蒙版</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>Erase</source>
        <translation>擦除</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Brush stroke</source>
        <translation>画笔笔画</translation>
    </message>
</context>
<context>
    <name>MediaPlayer</name>
    <message>
        <location filename="../../studio/ui/widgets/media_player.py" line="+42"/>
        <location line="+95"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location line="-91"/>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Volume</source>
        <translation>音量</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <location filename="../../studio/ui/chat/message_view.py" line="+163"/>
        <location line="+106"/>
        <location filename="../../studio/ui/warm_up.py" line="+24"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>Reasoning</source>
        <translation>推理过程</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reasoning ({count} words)</source>
        <translation>推理过程（{count} 词）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Attached: {name}</source>
        <translation>附件：{name}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Writing…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Open the whole reply</source>
        <translation>打开完整回复</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>tokens ↑{input} ↓{output}</source>
        <translation>令牌 ↑{input} ↓{output}</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
</context>
<context>
    <name>MidjourneyForm</name>
    <message>
        <location filename="../../studio/ui/images/midjourney_form.py" line="+49"/>
        <location line="+171"/>
        <source>Imagine</source>
        <translation>想象</translation>
    </message>
    <message>
        <location line="-170"/>
        <location line="+171"/>
        <source>Blend</source>
        <translation>融合</translation>
    </message>
    <message>
        <location line="-170"/>
        <location line="+171"/>
        <source>Describe</source>
        <translation>描述</translation>
    </message>
    <message>
        <location line="-170"/>
        <location line="+171"/>
        <source>Shorten</source>
        <translation>精简</translation>
    </message>
    <message>
        <location line="-170"/>
        <source>Face swap</source>
        <translation>换脸</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Midjourney</source>
        <translation>Midjourney</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Niji (anime)</source>
        <translation>Niji（动漫）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The account&apos;s default</source>
        <translation>账户默认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Relax (slow, cheapest)</source>
        <translation>慢速（最慢，最便宜）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fast</source>
        <translation>快速</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turbo (fastest, dearest)</source>
        <translation>极速（最快，最贵）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bot</source>
        <translation>机器人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Describe the picture: subject, setting, style, light</source>
        <translation>描述图片：主体、场景、风格、光线</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reference images</source>
        <translation>参考图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Default (1:1)</source>
        <translation>默认（1:1）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>How strongly Midjourney applies its own style (100 is its default)</source>
        <translation>Midjourney 自身风格的强度（默认 100）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How different the four pictures of the grid are from each other</source>
        <translation>四宫格中四张图彼此差异的程度</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Aspect ratio</source>
        <translation>宽高比</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Chaos</source>
        <translation>混乱度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stylize</source>
        <translation>风格化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sent as:</source>
        <translation>实际发送：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Images to blend (2 to 5)</source>
        <translation>要融合的图片（2 到 5 张）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Square</source>
        <translation>正方形</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Portrait (2:3)</source>
        <translation>竖版（2:3）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Landscape (3:2)</source>
        <translation>横版（3:2）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Picture to describe</source>
        <translation>要描述的图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Midjourney answers with four prompts; click one to imagine with it.</source>
        <translation>Midjourney 会给出四条提示词；点击其中一条即可用它来想象。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>A long prompt to make shorter</source>
        <translation>要精简的长提示词</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Midjourney answers with shorter versions; click one to use it.</source>
        <translation>Midjourney 会给出更短的版本；点击一条即可使用。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Face (source)</source>
        <translation>人脸（来源）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Picture (target)</source>
        <translation>图片（目标）</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Swap the face</source>
        <translation>换脸</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>(the prompt is empty)</source>
        <translation>（提示词为空）</translation>
    </message>
</context>
<context>
    <name>MidjourneyPanel</name>
    <message>
        <location filename="../../studio/ui/images/midjourney_panel.py" line="+107"/>
        <location line="+2"/>
        <source>Midjourney jobs</source>
        <translation>Midjourney 任务</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Sent to Midjourney; its progress shows on the right.</source>
        <translation>已发送到 Midjourney；进度显示在右侧。</translation>
    </message>
    <message>
        <location line="+131"/>
        <source>Waiting for Midjourney…</source>
        <translation>正在等待 Midjourney…</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Preview: the picture so far</source>
        <translation>预览：目前的画面</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Midjourney waits for the region to repaint: paint it on the picture.</source>
        <translation>Midjourney 在等待要重绘的区域：请在图上涂出来。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Custom Zoom: the prompt for the zoomed-out picture, with --zoom between 1 and 2.</source>
        <translation>自定义缩放：填写缩小后画面的提示词，带上 1 到 2 之间的 --zoom。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Midjourney waits for the prompt to imagine with; change it or send it as it is.</source>
        <translation>Midjourney 在等待用于想象的提示词；可修改后发送，或直接发送。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The picture this button belongs to is not in the library, so there is nothing to paint on.</source>
        <translation>这个按钮所属的图片不在资料库中，没有可以涂画的图。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Paint the area to repaint, then press Repaint the region.</source>
        <translation>涂出要重绘的区域，然后点击“重绘该区域”。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The prompt is in Imagine; change it or send it.</source>
        <translation>提示词已填入“想象”；可修改或直接发送。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The prompt and settings of this result are back in the form</source>
        <translation>此结果的提示词和设置已填回表单</translation>
    </message>
</context>
<context>
    <name>MidjourneyTaskView</name>
    <message>
        <location filename="../../studio/ui/images/midjourney_task.py" line="+107"/>
        <location line="+87"/>
        <source>Pick a job to see it here.</source>
        <translation>选择一个任务，在这里查看。</translation>
    </message>
    <message>
        <location line="-63"/>
        <source>Click a prompt to imagine with it</source>
        <translation>点击一条提示词，用它来想象</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Show raw JSON</source>
        <translation>显示原始 JSON</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Zoom prompt</source>
        <translation>缩放提示词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Paint the region…</source>
        <translation>涂画区域…</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>Reroll</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pan left</source>
        <translation>向左平移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pan right</source>
        <translation>向右平移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pan up</source>
        <translation>向上平移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pan down</source>
        <translation>向下平移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Describe again</source>
        <translation>重新描述</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Made by: {steps}</source>
        <translation>生成步骤：{steps}</translation>
    </message>
</context>
<context>
    <name>MusicTab</name>
    <message>
        <location filename="../../studio/ui/music/music_tab.py" line="+118"/>
        <source>Songs</source>
        <translation>歌曲</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your songs appear here: describe one on the left and press Create song.</source>
        <translation>你的歌曲会显示在这里：在左侧描述一首歌，然后点击“创作歌曲”。</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+424"/>
        <source>Nothing playing</source>
        <translation>未在播放</translation>
    </message>
    <message>
        <location line="-405"/>
        <source>Pick a song to see its waveform</source>
        <translation>选择一首歌以查看其波形</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The lyrics of the song appear here.</source>
        <translation>歌词显示在这里。</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+429"/>
        <source>Extend from here</source>
        <translation>从此处续写</translation>
    </message>
    <message>
        <location line="-428"/>
        <location line="+430"/>
        <source>Reuse settings</source>
        <translation>沿用设置</translation>
    </message>
    <message>
        <location line="-429"/>
        <location line="+430"/>
        <source>Make whole song</source>
        <translation>合成完整歌曲</translation>
    </message>
    <message>
        <location line="-429"/>
        <source>Lineage</source>
        <translation>来龙去脉</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cover</source>
        <translation>封面</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+435"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="-434"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>Sent: the clips appear in the list as they are made.</source>
        <translation>已发送：片段生成时会出现在列表中。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Say what the lyrics should be about first.</source>
        <translation>请先说明歌词的主题。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Suno is writing the lyrics…</source>
        <translation>Suno 正在写歌词…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Writing…</source>
        <translation>正在写…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Write lyrics for me</source>
        <translation>帮我写歌词</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Suno wrote no lyrics.</source>
        <translation>Suno 没有写出歌词。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The lyrics are in the editor: change them as you like, then Create song.</source>
        <translation>歌词已放入编辑器：可随意修改，然后点击“创作歌曲”。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Only a continuation can be made into a whole song.</source>
        <translation>只有续写的片段才能合成完整歌曲。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Joining the parts into one track…</source>
        <translation>正在把各部分合成一首完整的歌…</translation>
    </message>
    <message>
        <location line="+122"/>
        <location line="+59"/>
        <location line="+9"/>
        <location line="+166"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location line="-233"/>
        <source>Reading the waveform…</source>
        <translation>正在读取波形…</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Continues “{title}”</source>
        <translation>续写自“{title}”</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Continued by {count} song(s)</source>
        <translation>被续写 {count} 次</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The waveform appears once the song is saved.</source>
        <translation>歌曲保存后显示波形。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>It failed.</source>
        <translation>生成失败。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Streaming while Suno makes it; the saved song takes its place.</source>
        <translation>Suno 生成期间边生成边播放；保存后换成正式文件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Being made: it can be played once it streams or is saved.</source>
        <translation>正在生成：开始流式传输或保存后即可播放。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Show lineage</source>
        <translation>查看来龙去脉</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open cover image</source>
        <translation>打开封面图片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open video</source>
        <translation>打开视频</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete (move to the trash)</source>
        <translation>删除（移到回收站）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Click on the waveform where the new part starts, then Create song.</source>
        <translation>在波形上点击新段落开始的位置，然后点击“创作歌曲”。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The form holds that song&apos;s settings: change what you like, then Create song.</source>
        <translation>表单已填入那首歌的设置：可按需修改，然后点击“创作歌曲”。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Export song</source>
        <translation>导出歌曲</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Moved “{title}” to the trash.</source>
        <translation>已将“{title}”移到回收站。</translation>
    </message>
</context>
<context>
    <name>OpenAIImagesPanel</name>
    <message>
        <location filename="../../studio/ui/images/openai_panel.py" line="+105"/>
        <location line="+131"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location line="-130"/>
        <location line="+130"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location line="-129"/>
        <source>Variation</source>
        <translation>变体</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Describe the picture (or the change, for an edit)</source>
        <translation>描述图片（编辑时描述要做的修改）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Earlier prompts</source>
        <translation>以前的提示词</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+177"/>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location line="-150"/>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images</source>
        <translation>张数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Style</source>
        <translation>风格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Background</source>
        <translation>背景</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Output format</source>
        <translation>输出格式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compression</source>
        <translation>压缩率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moderation</source>
        <translation>审核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Answer as</source>
        <translation>返回方式</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Pad to a square</source>
        <translation>补边成正方形</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Crop to a square</source>
        <translation>裁剪成正方形</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fix it</source>
        <translation>一键修复</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Make variations</source>
        <translation>生成变体</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HD (finer detail)</source>
        <translation>高清（细节更多）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vivid</source>
        <translation>鲜明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>natural</source>
        <translation>自然</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>transparent</source>
        <translation>透明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>opaque</source>
        <translation>不透明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a link (url, lives 60 minutes)</source>
        <translation>链接（url，有效 60 分钟）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the picture itself (b64_json)</source>
        <translation>图片本身（b64_json）</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>The prompt and settings of this result are back in the form</source>
        <translation>已把这张结果的提示词和设置填回表单</translation>
    </message>
    <message>
        <location line="+121"/>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Uploading…</source>
        <translation>正在上传…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Waiting for the pictures…</source>
        <translation>正在等待图片…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{count} picture(s) saved to the library</source>
        <translation>已有 {count} 张图片保存到素材库</translation>
    </message>
</context>
<context>
    <name>Operation</name>
    <message>
        <location filename="../../studio/qt/operation.py" line="+126"/>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
</context>
<context>
    <name>PaidGate</name>
    <message>
        <location filename="../../studio/ui/widgets/paid_gate.py" line="+80"/>
        <source>Send a flagged prompt?</source>
        <translation>仍要发送被标记的提示词吗？</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+12"/>
        <source>Send anyway</source>
        <translation>仍然发送</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>This month&apos;s estimated spending is ${spent} of your ${budget} budget. Send anyway?</source>
        <translation>本月估算花费为 ${spent}，预算为 ${budget}。仍然发送吗？</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Over the monthly budget</source>
        <translation>已超出每月预算</translation>
    </message>
</context>
<context>
    <name>PromptMenu</name>
    <message>
        <location filename="../../studio/ui/widgets/prompt_menu.py" line="+27"/>
        <source>Check with moderation</source>
        <translation>用内容审核检查</translation>
    </message>
</context>
<context>
    <name>RawJsonDialog</name>
    <message>
        <location filename="../../studio/ui/tasks/tasks_tab.py" line="+72"/>
        <source>Raw JSON: {title}</source>
        <translation>原始 JSON：{title}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>RegionPainter</name>
    <message>
        <location filename="../../studio/ui/images/midjourney_task.py" line="-242"/>
        <source>Vary (Region): paint the area Midjourney should repaint</source>
        <translation>局部重绘：涂出 Midjourney 要重画的区域</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Brush size</source>
        <translation>画笔大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What to paint there (the grid&apos;s prompt if left as it is)</source>
        <translation>那里要画什么（保持不变则沿用原提示词）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Repaint the region</source>
        <translation>重绘该区域</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not now</source>
        <translation>暂不</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Brush</source>
        <translation>画笔</translation>
    </message>
</context>
<context>
    <name>ResultsGallery</name>
    <message>
        <location filename="../../studio/ui/images/gallery.py" line="+98"/>
        <source>Results appear here as they arrive.</source>
        <translation>结果一到就会显示在这里。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+124"/>
        <source>Copy image</source>
        <translation>复制图片</translation>
    </message>
    <message>
        <location line="-123"/>
        <location line="+114"/>
        <source>Send to edit</source>
        <translation>发送到编辑</translation>
    </message>
    <message>
        <location line="-113"/>
        <location line="+118"/>
        <source>Send to chat</source>
        <translation>发送到聊天</translation>
    </message>
    <message>
        <location line="-117"/>
        <location line="+122"/>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location line="-121"/>
        <location line="+118"/>
        <source>Reuse prompt and settings</source>
        <translation>重用提示词和设置</translation>
    </message>
    <message>
        <location line="-131"/>
        <location line="+29"/>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Revised prompt: {prompt}</source>
        <translation>改写后的提示词：{prompt}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Made from: {title}</source>
        <translation>来源：{title}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not saved yet: the download failed; its link lives 60 minutes.</source>
        <translation>尚未保存：下载失败；其链接有效 60 分钟。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Send to Midjourney blend</source>
        <translation>发送到 Midjourney 融合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send to Midjourney describe</source>
        <translation>发送到 Midjourney 描述</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send to Luma as the start frame</source>
        <translation>发送到 Luma 作为首帧</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Image copied</source>
        <translation>图片已复制</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>No file manager could be opened; the file is {path}</source>
        <translation>无法打开文件管理器；文件位于 {path}</translation>
    </message>
</context>
<context>
    <name>SecretField</name>
    <message>
        <location filename="../../studio/ui/connection_widgets.py" line="-116"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide the text</source>
        <translation>隐藏内容</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show the text</source>
        <translation>显示内容</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../studio/ui/settings_dialog.py" line="+140"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Profiles</source>
        <translation>配置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a profile</source>
        <translation>添加配置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the selected profile</source>
        <translation>删除所选配置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use this profile</source>
        <translation>使用此配置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make the selected profile the one the studio connects with</source>
        <translation>让本应用使用所选配置进行连接</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>A name you recognise, such as Work</source>
        <translation>便于识别的名称，例如“工作”</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>SOCKS5, with host names resolved by the proxy</source>
        <translation>SOCKS5，由代理解析主机名</translation>
    </message>
    <message>
        <location line="+276"/>
        <source>sk-…</source>
        <translation>sk-…</translation>
    </message>
    <message>
        <location line="-290"/>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Base URL</source>
        <translation>接口地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No proxy</source>
        <translation>不使用代理</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Host, such as 127.0.0.1</source>
        <translation>主机，例如 127.0.0.1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>User (optional)</source>
        <translation>用户名（可选）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Password (optional)</source>
        <translation>密码（可选）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+4"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The longest silence allowed while waiting for a reply or a stream</source>
        <translation>等待回复或数据流时允许的最长无响应时间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Timeouts</source>
        <translation>超时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Read (idle)</source>
        <translation>读取（空闲）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Responses</source>
        <translation>Responses 接口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Embeddings</source>
        <translation>向量嵌入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moderation</source>
        <translation>内容审核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transcription</source>
        <translation>语音转文字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Speech</source>
        <translation>语音合成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Default models</source>
        <translation>默认模型</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>There are no profiles. Press Add to connect to a gateway.</source>
        <translation>还没有配置。点击“添加”来连接网关。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A new language applies after a restart.</source>
        <translation>更改语言后需重启才能生效。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Like the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter sends, Shift+Enter starts a new line</source>
        <translation>按 Enter 发送，Shift+Enter 换行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Enter sends, Enter starts a new line</source>
        <translation>按 Ctrl+Enter 发送，Enter 换行</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Leave empty to use the default folder</source>
        <translation>留空则使用默认文件夹</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Conversations and media are kept in this folder. A new folder is used after a restart; what is in the old one is not moved.</source>
        <translation>对话和媒体文件保存在此文件夹中。新文件夹在重启后启用，旧文件夹中的内容不会被移动。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Settings are kept in {path}</source>
        <translation>设置保存在 {path}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sending messages</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>(no name)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} (in use)</source>
        <translation>{name}（使用中）</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The studio connects with this profile.</source>
        <translation>本应用正在使用此配置连接。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not in use. Press “Use this profile” to connect with it.</source>
        <translation>未使用。点击“使用此配置”即可用它连接。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Built-in simulator</source>
        <translation>内置模拟器</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The demo profile talks to a simulator inside the studio; nothing leaves this computer.</source>
        <translation>演示配置连接的是应用内置的模拟器，任何数据都不会离开这台电脑。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Test the connection to choose from the gateway&apos;s models.</source>
        <translation>测试连接后，即可从网关提供的模型中选择。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The demo needs no key.</source>
        <translation>演示无需密钥。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No system keyring is available, so the key is kept in {path}, readable only by you. Install a keyring service to store it more safely.</source>
        <translation>没有可用的系统密钥库，密钥保存在 {path} 中，仅你本人可读。安装密钥库服务可以更安全地保存密钥。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The key is stored in the system keyring, never in the settings file.</source>
        <translation>密钥保存在系统密钥库中，绝不会写入设置文件。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{variable} is set, so the studio uses that key instead.</source>
        <translation>已设置环境变量 {variable}，本应用将改用其中的密钥。</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>New profile</source>
        <translation>新配置</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Delete profile</source>
        <translation>删除配置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the profile “{name}”?</source>
        <translation>要删除配置“{name}”吗？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Its API key is removed too. Nothing changes until you press OK or Apply.</source>
        <translation>它的 API 密钥也会一并删除。在点击“确定”或“应用”之前不会有任何更改。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Enter the proxy&apos;s host name or address, or choose “No proxy”.</source>
        <translation>请输入代理的主机名或地址，或选择“不使用代理”。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the proxy&apos;s port.</source>
        <translation>请输入代理端口。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A proxy password needs a user name.</source>
        <translation>设置代理密码时还需填写用户名。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>A profile needs a name.</source>
        <translation>配置需要一个名称。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Another profile is already called “{name}”.</source>
        <translation>已有另一个名为“{name}”的配置。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A profile name cannot contain “#”.</source>
        <translation>配置名称不能包含“#”。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The profile “{name}” needs attention.</source>
        <translation>配置“{name}”有问题需要处理。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choose a full folder path, such as {example}.</source>
        <translation>请填写完整的文件夹路径，例如 {example}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path} is a file, not a folder.</source>
        <translation>{path} 是文件，不是文件夹。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The settings could not be saved: {error}</source>
        <translation>无法保存设置：{error}</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>Choose the data folder</source>
        <translation>选择数据文件夹</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <location filename="../../studio/ui/shortcuts.py" line="+25"/>
        <source>Anywhere in the window</source>
        <translation>窗口内任意位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chat tab</source>
        <translation>对话标签页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chat message box</source>
        <translation>对话输入框</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images: edit pictures</source>
        <translation>图像：编辑图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images: mask painting</source>
        <translation>图像：绘制蒙版</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Picture viewer</source>
        <translation>图片查看器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Video player</source>
        <translation>视频播放器</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show or hide the Tasks panel</source>
        <translation>显示或隐藏任务面板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to Chat</source>
        <translation>转到对话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to Audio</source>
        <translation>转到音频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to Images</source>
        <translation>转到图像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to Music</source>
        <translation>转到音乐</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to Video</source>
        <translation>转到视频</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to Library</source>
        <translation>转到资料库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to Tools</source>
        <translation>转到工具</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show or hide the conversation settings</source>
        <translation>显示或隐藏对话设置</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search the conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Send (when Enter sends, the default)</source>
        <translation>发送（回车发送时，默认）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Send (when Enter makes a new line)</source>
        <translation>发送（回车换行时）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stop the reply, or stop editing a message</source>
        <translation>停止回复，或停止编辑消息</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Paste a picture</source>
        <translation>粘贴图片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hold to move the picture</source>
        <translation>按住以移动图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Smaller brush</source>
        <translation>缩小画笔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bigger brush</source>
        <translation>放大画笔</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fit the picture</source>
        <translation>适合窗口</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Full screen on or off</source>
        <translation>开关全屏</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Leave full screen</source>
        <translation>退出全屏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play or pause</source>
        <translation>播放或暂停</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One frame back</source>
        <translation>后退一帧</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One frame forward</source>
        <translation>前进一帧</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../studio/ui/help_dialogs.py" line="-87"/>
        <location line="+8"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Filter by action or key</source>
        <translation>按操作或按键筛选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter shortcuts</source>
        <translation>筛选快捷键</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>SongDelegate</name>
    <message>
        <location filename="../../studio/ui/music/song_model.py" line="+183"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>plays while it is made</source>
        <translation>边生成边播放</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Streaming</source>
        <translation>流式播放中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saving</source>
        <translation>正在保存</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Making</source>
        <translation>生成中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sending</source>
        <translation>正在发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
</context>
<context>
    <name>SunoPanel</name>
    <message>
        <location filename="../../studio/ui/music/suno_panel.py" line="+17"/>
        <source>Inspiration</source>
        <translation>灵感模式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom</source>
        <translation>自定义模式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue</source>
        <translation>续写</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Suno&apos;s model version (mv); type another if your gateway has it</source>
        <translation>Suno 模型版本（mv）；若网关支持其他版本可直接输入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instrumental (no vocals)</source>
        <translation>纯音乐（无人声）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Create song</source>
        <translation>创作歌曲</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Describe the song: what it is about, its mood, its style. Suno writes the lyrics, title and style.</source>
        <translation>描述这首歌：主题、情绪和风格。Suno 会自己写歌词、标题和风格。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Song description</source>
        <translation>歌曲描述</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Song title</source>
        <translation>歌名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Style, e.g. folk, sea shanty, male vocals</source>
        <translation>风格，例如 民谣、海员号子、男声（英文标签效果最好）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>[Verse]
Your words here…

[Chorus]
…</source>
        <translation>[Verse]
在这里写歌词…

[Chorus]
…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What the lyrics should be about</source>
        <translation>歌词的主题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write lyrics for me</source>
        <translation>帮我写歌词</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+36"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="-35"/>
        <location line="+34"/>
        <source>Style</source>
        <translation>风格</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>Lyrics</source>
        <translation>歌词</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No Suno song in the library yet</source>
        <translation>资料库里还没有 Suno 歌曲</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pick a song, then click where the new part starts</source>
        <translation>选择一首歌，然后点击新段落开始的位置</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Style of the new part (empty: the song&apos;s)</source>
        <translation>新段落的风格（留空则沿用原曲）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Title (empty: the song&apos;s)</source>
        <translation>标题（留空则沿用原曲）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lyrics of the new part</source>
        <translation>新段落的歌词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make whole song</source>
        <translation>合成完整歌曲</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Join this continuation and what it continues into one track</source>
        <translation>把这段续写和它之前的部分合成一首</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Song</source>
        <translation>歌曲</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue from</source>
        <translation>续写起点</translation>
    </message>
</context>
<context>
    <name>Tabs</name>
    <message>
        <location filename="../../studio/ui/audio/__init__.py" line="+23"/>
        <source>Audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/chat/__init__.py" line="+23"/>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../studio/ui/tasks/__init__.py" line="+20"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../studio/ui/music/__init__.py" line="+21"/>
        <source>Music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <location filename="../../studio/ui/images/__init__.py" line="+23"/>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <location filename="../../studio/ui/library/__init__.py" line="+23"/>
        <source>Library</source>
        <translation>资料库</translation>
    </message>
    <message>
        <location filename="../../studio/ui/video/__init__.py" line="+24"/>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/tools/__init__.py" line="+21"/>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
</context>
<context>
    <name>TasksTab</name>
    <message>
        <location filename="../../studio/ui/tasks/tasks_tab.py" line="+24"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed &amp; attention</source>
        <translation>失败与待处理</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Filter by prompt, service or task id</source>
        <translation>按提示词、服务或任务 ID 筛选</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>No tasks yet. Music, images and videos you create appear here while they are made.</source>
        <translation>还没有任务。你创建的音乐、图片和视频会在生成时显示在这里。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No tasks match this filter.</source>
        <translation>没有符合筛选条件的任务。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Open result</source>
        <translation>打开结果</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save a copy as…</source>
        <translation>另存副本…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>No file manager could be opened; the file is {path}</source>
        <translation>无法打开文件管理器；文件位于 {path}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Save a copy</source>
        <translation>保存副本</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <location line="-79"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="-122"/>
        <source>Jobs</source>
        <translation>任务</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>Retry (new paid request)…</source>
        <translation>重试（新的付费请求）…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy task id</source>
        <translation>复制任务 ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show raw JSON</source>
        <translation>查看原始 JSON</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>This task has no result on disk yet.</source>
        <translation>此任务还没有保存到磁盘的结果。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No program on this computer opens this file.</source>
        <translation>这台电脑上没有能打开此文件的程序。</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>“{title}” will be sent to {service} again as a new task, and the service charges again.</source>
        <translation>“{title}”将作为新任务再次发送到 {service}，服务会再次收费。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Retry as a new paid request?</source>
        <translation>作为新的付费请求重试？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry (new paid request)</source>
        <translation>重试（新的付费请求）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The old task stays in the list as it is.</source>
        <translation>原任务会原样保留在列表中。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The service has not reported on this task yet.</source>
        <translation>服务还没有报告此任务的状态。</translation>
    </message>
</context>
<context>
    <name>Toast</name>
    <message>
        <location filename="../../studio/ui/desktop.py" line="-128"/>
        <source>Notice</source>
        <translation>通知</translation>
    </message>
</context>
<context>
    <name>ToolsTab</name>
    <message>
        <location filename="../../studio/ui/tools/tools_tab.py" line="+74"/>
        <source>Embeddings</source>
        <translation>向量嵌入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moderation</source>
        <translation>审核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Usage and cost</source>
        <translation>用量与费用</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>One text per line (paste many)</source>
        <translation>每行一段文本（可一次粘贴多行）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>model&apos;s own</source>
        <translation>模型默认</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>float</source>
        <translation>浮点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>base64</source>
        <translation>base64</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Embed</source>
        <translation>生成嵌入</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export .npy…</source>
        <translation>导出 .npy…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Words in library prompts, lyrics or transcripts</source>
        <translation>资料库中提示词、歌词或转写文本里的词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add from library</source>
        <translation>从资料库添加</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add the prompts, lyrics and transcripts of matching library items, one per line</source>
        <translation>把资料库中匹配项的提示词、歌词和转写文本逐行加入</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+264"/>
        <location line="+5"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="-268"/>
        <source>Dimensions</source>
        <translation>维度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Find library items by meaning</source>
        <translation>按语义查找素材库条目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Semantic search</source>
        <translation>语义搜索</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Projection</source>
        <translation>投影</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Type words to find in the library first.</source>
        <translation>请先输入要在资料库中查找的词。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Nothing new in the library matches “{words}”.</source>
        <translation>资料库中没有新的内容匹配“{words}”。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Added {count} texts from the library.</source>
        <translation>已从资料库添加 {count} 条文本。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Enter at least one text, one per line.</source>
        <translation>请至少输入一段文本，每行一段。</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>Embedding %n text(s)…</source>
        <translation>
            <numerusform>正在为 %n 段文本生成嵌入…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>%n vector(s) of %1 dimensions from %2.</source>
        <translation>
            <numerusform>来自 %2 的 %n 个向量，每个 %1 维。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Embed some texts first.</source>
        <translation>请先为一些文本生成嵌入。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>NumPy (*.npy)</source>
        <translation>NumPy (*.npy)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export vectors</source>
        <translation>导出向量</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Searching the library…</source>
        <translation>正在搜索素材库…</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>%n item(s) found; %1 newly embedded.</source>
        <translation>
            <numerusform>找到 %n 个条目；新生成嵌入 %1 个。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The library has no text to search yet.</source>
        <translation>素材库中还没有可搜索的文本。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Text to check</source>
        <translation>要检查的文本</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Check prompts before paid generations</source>
        <translation>付费生成前先检查提示词</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Enter a text to check.</source>
        <translation>请输入要检查的文本。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The gateway returned no verdict.</source>
        <translation>网关没有返回审核结果。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Flagged: %1.</source>
        <translation>已标记：%1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not flagged.</source>
        <translation>未标记。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Input types checked: %1.</source>
        <translation>已检查的输入类型：%1。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Tokens per day</source>
        <translation>每日令牌数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requests per day</source>
        <translation>每日请求数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Balance: not checked yet</source>
        <translation>余额：尚未查询</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh balance</source>
        <translation>刷新余额</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>no budget</source>
        <translation>无预算</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Costs are estimates from the price table below, not the gateway&apos;s bill.</source>
        <translation>费用是根据下方价格表估算的，并非网关账单。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tokens in</source>
        <translation>输入令牌</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tokens out</source>
        <translation>输出令牌</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Media</source>
        <translation>媒体</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Est. cost</source>
        <translation>估算费用</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>$ / 1M in</source>
        <translation>$ / 百万输入</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>$ / 1M out</source>
        <translation>$ / 百万输出</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>$ / request</source>
        <translation>$ / 请求</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>$ / media</source>
        <translation>$ / 媒体</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Monthly budget</source>
        <translation>每月预算</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Totals</source>
        <translation>合计</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prices (estimates)</source>
        <translation>价格（估算）</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Cumulative cost, USD (estimate)</source>
        <translation>累计费用，美元（估算）</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n request(s), %1 tokens in, %2 tokens out, %3 media; estimated cost $%4.</source>
        <translation>
            <numerusform>%n 次请求，输入 %1 个令牌，输出 %2 个令牌，%3 个媒体；估算费用 $%4。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+44"/>
        <source>A price must be a number (USD).</source>
        <translation>价格必须是数字（美元）。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>$%1 of $%2 spent this month (%3%)</source>
        <translation>本月已花费 $%1 / $%2（%3%）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Over budget: %1</source>
        <translation>超出预算：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Near the budget: %1</source>
        <translation>接近预算：%1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Balance: unlimited</source>
        <translation>余额：不限</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Balance: $%1 (%n check(s) kept)</source>
        <translation>
            <numerusform>余额：$%1（已保存 %n 次查询）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UdioPanel</name>
    <message>
        <location filename="../../studio/ui/music/udio_panel.py" line="+47"/>
        <source>Describe the song: genre, mood, instruments, voice</source>
        <translation>描述这首歌：曲风、情绪、乐器、嗓音</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>My lyrics</source>
        <translation>我的歌词</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Instrumental</source>
        <translation>纯音乐</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Write them for me</source>
        <translation>帮我写</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>[Verse]
Your words here…</source>
        <translation>[Verse]
在这里写歌词…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How closely the song follows the prompt</source>
        <translation>歌曲贴合提示词的程度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How clean and clear the sound is</source>
        <translation>声音的干净清晰程度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How closely the singing follows the lyrics</source>
        <translation>演唱贴合歌词的程度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generation quality: higher is slower</source>
        <translation>生成质量：越高越慢</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+11"/>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Continue a song</source>
        <translation>续写一首歌</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No Udio song in the library yet</source>
        <translation>资料库里还没有 Udio 歌曲</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>After the song (continuation)</source>
        <translation>接在歌曲之后（续写）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before the song (precede)</source>
        <translation>放在歌曲之前（前奏）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where the new section sits: 0 the start, 1 the end</source>
        <translation>新段落的位置：0 为开头，1 为结尾</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Song</source>
        <translation>歌曲</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Place</source>
        <translation>位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Section start</source>
        <translation>段落起点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the prompt as it is (no optimisation)</source>
        <translation>按原样发送提示词（不优化）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create song</source>
        <translation>创作歌曲</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lyrics</source>
        <translation>歌词</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt strength</source>
        <translation>提示词强度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clarity</source>
        <translation>清晰度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lyrics strength</source>
        <translation>歌词强度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
</context>
<context>
    <name>VeoPanel</name>
    <message>
        <location filename="../../studio/ui/video/veo_panel.py" line="+29"/>
        <source>Sent in the path: /custom_video/model/&lt;model&gt;. Type another name to add it.</source>
        <translation>在路径中发送：/custom_video/model/&lt;model&gt;。输入其他名称即可添加。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Describe the video</source>
        <translation>描述视频</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>First frame (optional)</source>
        <translation>第一帧（可选）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gateway default</source>
        <translation>网关默认</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>More parameters (JSON)</source>
        <translation>更多参数（JSON）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Extra JSON: fields merged into the request body as they are.</source>
        <translation>附加 JSON：这些字段会原样合并到请求体中。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Generate with Veo</source>
        <translation>用 Veo 生成</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aspect ratio</source>
        <translation>宽高比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration (s)</source>
        <translation>时长（秒）</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>The extra JSON is not valid ({reason}, line {line}); nothing was sent.</source>
        <translation>附加 JSON 无效（{reason}，第 {line} 行）；没有发送任何内容。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The extra JSON must be an object ({…}); nothing was sent.</source>
        <translation>附加 JSON 必须是一个对象（{…}）；没有发送任何内容。</translation>
    </message>
</context>
<context>
    <name>VideoPlayer</name>
    <message>
        <location filename="../../studio/ui/video/video_player.py" line="+101"/>
        <source>Choose a video below, or drop a video file here, to play it.</source>
        <translation>在下方选择一个视频，或把视频文件拖到这里播放。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Drag to move through the video</source>
        <translation>拖动以浏览视频</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>‹ Frame</source>
        <translation>‹ 上一帧</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One frame back (←)</source>
        <translation>后退一帧（←）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Frame ›</source>
        <translation>下一帧 ›</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One frame on (→)</source>
        <translation>前进一帧（→）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Playback speed</source>
        <translation>播放速度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full screen (F); Esc leaves it</source>
        <translation>全屏（F）；按 Esc 退出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Grab frame</source>
        <translation>截取画面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the frame on screen as an image in the library</source>
        <translation>把屏幕上的这一帧作为图片存入资料库</translation>
    </message>
</context>
<context>
    <name>VideoTab</name>
    <message>
        <location filename="../../studio/ui/video/video_tab.py" line="+87"/>
        <source>inside the request (data URI)</source>
        <translation>放在请求里（data URI）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>uploaded first, then sent as a link</source>
        <translation>先上传，再以链接发送</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pictures from this computer travel inside the request; some gateways take only links, so uploading sends each picture to the gateway first (1 MB at most).</source>
        <translation>本机的图片随请求一起发送；有些网关只接受链接，上传方式会先把每张图片传到网关（最多 1 MB）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Local pictures are sent</source>
        <translation>本机图片的发送方式</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+35"/>
        <source>Video jobs</source>
        <translation>视频任务</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing playing</source>
        <translation>没有正在播放的内容</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Extend with Luma…</source>
        <translation>用 Luma 延长…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue this Luma video from its last frame</source>
        <translation>从最后一帧继续这个 Luma 视频</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Image edit</source>
        <translation>图片编辑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Luma start frame</source>
        <translation>Luma 起始帧</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Midjourney</source>
        <translation>Midjourney</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Send to:</source>
        <translation>发送到：</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Videos you make or drop here appear in this grid. Hover a tile to scrub it.</source>
        <translation>你制作或拖到这里的视频会出现在这个网格中。把鼠标悬停在缩略图上即可预览。</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+3"/>
        <source>Recent videos</source>
        <translation>最近的视频</translation>
    </message>
    <message>
        <location line="+104"/>
        <source>Sent; the job&apos;s progress shows under the form.</source>
        <translation>已发送；任务进度显示在表单下方。</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Taking {name} into the library…</source>
        <translation>正在把 {name} 存入资料库…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Play the video first: there is no frame on screen to grab.</source>
        <translation>请先播放视频：屏幕上没有可以截取的画面。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Frame at {time} of {title}</source>
        <translation>{title} 在 {time} 处的画面</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Frame saved ({width}×{height}).</source>
        <translation>画面已保存（{width}×{height}）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>That tab is not part of this version yet.</source>
        <translation>这个版本还没有那个标签页。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved the frame as an image in the library.</source>
        <translation>已把这一帧作为图片存入资料库。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>That tab did not take the picture.</source>
        <translation>那个标签页没有接收这张图片。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The frame is the Luma start frame now.</source>
        <translation>这一帧现在是 Luma 的起始帧。</translation>
    </message>
</context>
<context>
    <name>Waveform</name>
    <message>
        <location filename="../../studio/ui/widgets/waveform.py" line="+43"/>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No audio yet</source>
        <translation>还没有音频</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <location filename="../../studio/ui/welcome.py" line="+33"/>
        <location line="+1"/>
        <source>Welcome to UniAPI Studio</source>
        <translation>欢迎使用 UniAPI Studio</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Chat, images, audio, music and video from one UniAPI key, with everything you make kept in one library on this computer.

Enter your gateway&apos;s address and your API key to begin. No key yet? Try the demo: it runs a simulated gateway inside the studio, free and offline.</source>
        <translation>只需一个 UniAPI 密钥，即可对话、生成图像、音频、音乐和视频，所有作品都保存在这台电脑上的同一个资料库中。

输入网关地址和 API 密钥即可开始。还没有密钥？试试演示：它在应用内运行一个模拟网关，免费且无需联网。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Paste your API key</source>
        <translation>粘贴你的 API 密钥</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The key is stored in your system keyring (where there is none, in a file only you can read), never in the settings file.</source>
        <translation>密钥保存在系统密钥库中（没有密钥库时，保存在仅你本人可读的文件中），绝不会写入设置文件。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Base URL</source>
        <translation>接口地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Try the demo (no key needed)</source>
        <translation>试用演示（无需密钥）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save and start</source>
        <translation>保存并开始</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Enter your API key, or try the demo.</source>
        <translation>请输入 API 密钥，或试用演示。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The profile could not be saved: {error}</source>
        <translation>无法保存配置：{error}</translation>
    </message>
</context>
</TS>
