"""The small-talk lexicon (see bot.matching.smalltalk): per kind, the expressions that make
a message small talk, and the filler that may surround them.

An expression must be small talk whatever surrounds it: nothing a resident could say while
asking about disclosure (applying, fees, deadlines, status, complaints, documents) belongs
here, and "help" is help with using the bot, never with a disclosure matter.
"""

from __future__ import annotations

# Expressions of each kind, separated by "|" (English ones may hold spaces).
BASE_TEXT: dict[str, str] = {
    "greeting": """
    恁好 | 恁好啊 | 打扰您了 | 不好意思打扰了 | 冒昧打扰 | 打扰了不好意思 |
    sorry to bother you | sorry to trouble you | sorry for bothering you | excuse me |
    pardon me |
    老师好 | 同志你好 | 领导好 | 师傅好 | 工作人员你好 | 小助手你好 | 你好小助手 | hi bot |
    hello bot | hey bot | good day to you | 你好 | 您好 | 你们好 | 大家好 | 你好呀 | 您好呀 |
    打扰了 | 打扰一下 | 在么 | 有活人吗 | 哈罗 | 嗨喽 | 嘿嘿 | 早啊 | 晚上好呀 | 你好啊 |
    喂喂 | good day | hey there | hi there | hello there | howdy there | morning | evening |
    afternoon | what's up | whats up | sup | hola | nihao | ni hao | 嗨 | 哈喽 | 哈啰 | 嘿 |
    喂 | 在吗 | 在不在 | 有人吗 | 有人在吗 | 早上好 | 上午好 | 中午好 | 下午好 | 晚上好 |
    早安 | 早 | hello | hi | hey | hiya | howdy | good morning | good afternoon |
    good evening | greetings | yo | start | anyone there | is anyone there
    """,
    "thanks": """
    帮了大忙了 | 帮了大忙 | 帮了我大忙 | 谢谢你帮了大忙 |
    thanks a bunch | thanks a million | much obliged | thank you kindly | 谢谢你 | 谢谢您嘞 |
    谢谢了啊 | 谢谢 | 多谢 | 感谢 | 谢了 | 谢啦 | 3q | 辛苦了 | 麻烦了 | 麻烦你了 | 谢谢您 |
    非常感谢 | 太感谢了 | 感谢感谢 | 谢谢谢谢 | 万分感谢 | 十分感谢 | 辛苦啦 | 辛苦您了 |
    麻烦您了 | 劳驾了 | 谢谢你啊 | 感谢你们 | 谢谢你们 | 好的谢谢 | 明白了谢谢 | 知道了谢谢 |
    多谢多谢 | 谢谢指点 | 谢谢解答 | 感谢解答 | thank you very much | thanks very much |
    thanks again | thank you again | great thanks | ok thanks | okay thanks |
    many many thanks | thanks heaps | ta | 感谢你 | 感激 | 感恩 | 谢谢啦 | 谢谢了 | 多谢了 |
    蟹蟹 | 谢谢你的帮助 | 谢谢您的帮助 | 感谢你的帮助 | 感谢您的帮助 | 谢谢帮助 | 感谢帮助 |
    谢谢帮忙 | 感谢帮忙 | thanks for your help | thank you for your help |
    thanks for the help | thank you for helping | thanks | thank you | thank u | thx | ty |
    cheers | many thanks | thanks a lot | thank you so much | thanks so much |
    much appreciated | appreciate it | i appreciate it | appreciated | ok | okay | 好的 |
    好滴 | 收到收到 | 收到了谢谢 | ok收到 | 明白了 | 知道了 | 懂了 | 了解了 | 清楚了 | 原来如此 |
    got it | i see |
    understood | noted | makes sense
    """,
    "goodbye": """
    没别的事了 | 没别的事 | 没啥事了 | 没啥事 | 回头再聊 | 改天再聊 | 那就这吧 | 就这吧 |
    就这样吧 | 那先这样 | that will be all | that'll be all | nothing more |
    i'll leave it there |
    我先下了 | 先下了 | 下了 | 先不聊了 | 就这样 | 那就这样吧 | 回头见 | 改天见 | 明天见 |
    走啦 | 先走啦 | 我走啦 | 拜拜了 | bye then | ok bye | okay bye | goodbye for now |
    until next time | 再见 | 拜拜 | 拜 | 回见 | 下次见 | 先这样 | 没事了 | 没有了 | 没别的了 |
    好的再见 | 走了 | 先走了 | 我走了 | 下次聊 | 下次再聊 | 再聊 | 回头聊 | 回聊 | 改天聊 |
    改天再问 | 下回见 | 告辞 | 撤了 | 溜了 | 我没问题了 | 没问题了 | 没有问题了 |
    没有其他问题了 | 没其他问题了 | 没别的问题了 | 就这些 | 就这些了 | 先这样吧 | 回头再问 |
    晚安 | 下线了 | 我下了 | 不聊了 | 结束 | 结束了 | 886 | 88 | 拜了 | 再会 |
    no more questions | i'm done | i am done | done | all done | that is all | that's it |
    thats it | signing off | farewell | cya | bye now | bye | goodbye | bye bye |
    bye for now | see you | see ya | see you later | see you soon | talk later |
    talk to you later | talk soon | later | catch you later | gotta go | got to go |
    have to go | i'm off | that's all | thats all | nothing else | good night | take care |
    have a nice day | have a good day
    """,
    "praise": """
    不赖 | 真不赖 | 弄得不赖 | 弄得不错 | 做得不错 | 搞得不错 | 挺好用 | 还挺好用 |
    better than calling |
    better than calling the office | better than going to the office | better than queuing |
    方便多了 | 比打电话方便 | 比打电话方便多了 | 比跑一趟方便 | 省事多了 | 省事 |
    saves me a trip | saved me a trip | much easier than calling |
    干得漂亮 | 漂亮 | 厉害了我的哥 | 到位 | 很到位 | 全面 | 很全面 | 周到 | 很周到 | 有耐心 |
    很有耐心 | 效率真高 | 速度快 | 速度很快 | 回复很快 | 反应很快 | 点个赞 | 大大的赞 |
    给个赞 | excellent service | great service | top notch | lifesaver | you're a lifesaver |
    kudos | well explained | nicely explained | good explanation | brilliant answer |
    thumbs up | 你真棒 | 真棒 | 太棒了 | 很好 | 好厉害 | 厉害 | 真厉害 | 不错 | 挺好 |
    很有用 | 有帮助 | 帮大忙了 | 点赞 | 赞 | 牛 | 好用 | 给力 | 真好 | 好棒 | 棒 | 专业 |
    清楚 | 很清楚 | 明白 | 讲得好 | 说得好 | 说得清楚 | 靠谱 | 贴心 | 666 | 有用 | 真有用 |
    回答得好 | 回答得不错 | 很好用 | 太好用了 | 很方便 | 方便 | 真方便 | 很实用 | 实用 |
    很详细 | 详细 | 清晰 | 很清晰 | 说得对 | 没错 | 对的 | 有道理 | 受教了 | 学到了 |
    长知识了 | 涨知识了 | 高效 | 快 | 真快 | 效率高 | 服务好 | 服务很好 | 态度好 | 很贴心 |
    谢谢你很有帮助 | 有帮助的 | 很有帮助 | 太有帮助了 | 厉害啊 | 强 | 真强 | 太强了 | handy |
    very handy | so useful | really useful | really helpful | quick | fast | that's helpful |
    thats helpful | this is helpful | this is great | this is useful | makes sense |
    informative | very informative | detailed | thorough | smart | clever | genius | top |
    excellent answer | good to know | neat | sweet | 你真厉害 | 回答得很好 | 答得好 |
    太有用了 | 很专业 | 说得很清楚 | 讲得很清楚 | 你好聪明 | 真聪明 | 聪明 | 好评 | 五星好评 |
    给你点赞 | 必须点赞 | 太好了 | 好极了 | 真不错 | 挺不错 | 很满意 | 满意 | 非常满意 |
    优秀 | 完美 | 好样的 | 厉害了 | nice one | nicely done | great job | great work |
    good work | love this | love this bot | you're the best | you are the best | the best |
    superb | outstanding | good stuff | great | awesome | helpful | very helpful |
    super helpful | so helpful | good job | well done | nice | perfect | excellent | amazing |
    you are great | you're great | good bot | that helps | that helped | useful | very good |
    brilliant | fantastic | wonderful | clear | very clear | super clear | crystal clear |
    cool | love it | impressive | good answer | great answer | spot on | you rock | good
    """,
    "insult": """
    浪费我时间 | 浪费我的时间 | 白白浪费时间 | 没一个好东西 | 没有一个好东西 | 当官的没一个好东西 |
    啥都不会 | 什么都不会 | 啥也不会 | 一问三不知 | worst service | bad service |
    terrible service | you understand nothing | understand nothing | garbage answer |
    rubbish answer | useless answer | stupid answer | what a garbage answer |
    what a useless answer |
    怎么这么笨 | 这么笨 | 服了 | 真是服了 | 无语 | 无语了 | 差评 | 不智能 | 一点都不智能 |
    废话 | 说的都是废话 | 什么鬼 | 垃圾机器人 | what a useless bot | useless machine |
    not helping | you're not helping | you are not helping | you don't understand |
    you do not understand | you don't understand anything | worst bot ever | this is stupid |
    so annoying | annoying | 你真笨 | 笨蛋 | 笨 | 好笨 | 太笨 | 傻 | 傻瓜 | 白痴 | 垃圾 |
    没用 | 废物 | 智障 | 蠢 | 滚 | 什么破 | 破玩意 | 破玩意儿 | 什么破玩意 | 什么破玩意儿 |
    破东西 | 破机器人 | 答非所问 | 你有病 | 摆设 | 就是摆设 | 不靠谱 | 太差 | 真差 | 差劲 |
    你真没用 | 真没用 | 太垃圾了 | 废物一个 | 什么玩意儿 | 什么东西 | 答的什么东西 | 蠢死了 |
    笨死了 | 你懂个屁 | 屁用 | 弱智 | 脑子有问题 | 没用的东西 | 傻子 | 蠢货 | 饭桶 | 糊弄人 |
    忽悠 | 敷衍 | 不想理你 | 讨厌 | 烦死了 | 滚蛋 | 闭嘴 | 太失望了 | 失望 | 一点用都没有 |
    一点用没有 | 毫无用处 | 鸡肋 | you are stupid | you're stupid | so stupid | so useless |
    totally useless | complete waste | dumb bot | stupid machine | worthless |
    you're worthless | you are worthless | bad bot | useless thing | go away | piss off |
    disappointing | i hate you | hate this | 烂 | 太烂 | 浪费时间 | 气死 | 什么玩意 | 胡说 |
    瞎说 | 听不懂人话 | stupid | idiot | useless | dumb | you suck | rubbish | garbage |
    trash | shut up | terrible | worst | useless bot | stupid bot | you are useless |
    you're useless | waste of time | what a waste | a waste of time | what a waste of time |
    pathetic | awful | horrible | nonsense | hopeless | you're hopeless | you are hopeless |
    not helpful | unhelpful | pointless | ridiculous | sucks
    """,
    "robot": """
    有人在打字吗 | 背后有人在打字吗 | 背后有人吗 | 后台有人吗 | 是真人在打字吗 | chatgpt |
    是不是chatgpt |
    你是chatgpt吗 | are you chatgpt | is this chatgpt | gpt |
    human or ai | ai or human | a human or ai | a human or a bot | is someone reading this |
    is anyone reading this | reading this | is someone actually reading this |
    is anyone actually reading this | someone from the office | does a person read this |
    does anyone read this | 有人看吗 | 有人在看吗 | 有工作人员在吗 | 是工作人员在回复吗 |
    是机器人在回答吗 | 是机器人回复吗 | 机器人回复 | 是真人在回答吗 | 真人回答 | 智能客服 |
    你是智能客服吗 | 是不是自动的 | 自动的吗 | 我是在和机器人聊天吗 | 和机器人聊天 |
    跟机器人说话 | am i chatting with a bot | am i chatting with a robot | is this a chatbot |
    are you automated | is this automatic | is anybody real there | 你是机器人吗 |
    你是不是机器人 | 机器人吗 | 你是人吗 | 你是真人吗 | 是真人吗 | 是人工吗 | 人工客服 |
    转人工 | 你是ai吗 | 你是谁 | 是机器人 | 是不是机器人 | 真人 | 人工 | 是不是真人 |
    有没有真人 | 有真人吗 | 找人工 | 自动回复 | 是自动回复吗 | 你叫什么 | 你叫什么名字 |
    机器人 | 机器 | ai | 人工智能 | 程序 | 客服 | 真人客服 | 人工服务 | 活人 | 真的人 | bot |
    robot | a bot | a robot | machine | human | a human being | real human | live agent |
    agent | operator | customer service | 你是真人还是机器 | 你是真人还是机器人 |
    你是机器人还是人 | 机器还是人 | 我在跟机器说话吗 | 是人工回复吗 | 是人在回复吗 | 你是ai |
    你是人工智能吗 | 人工智能吗 | 你是程序吗 | 你是电脑吗 | 是不是ai | 你是机器吗 |
    你是不是人 | 是人吗 | are you a machine | are you a computer | are you a program |
    is this ai | is this an ai | is this a human | is this a person | are you a person |
    are you a human | are you a real human | bot or human | human or bot | is someone there |
    is a person reading this | are you a robot | are you a bot | are you human |
    are you a real person | is this a bot | am i talking to a bot | am i talking to a human |
    real person | human agent | who are you | are you ai | are you an ai | are you real |
    is this automated | is this a real person | a human | talk to a human | talk to a person |
    speak to a human | speak to a person | can i talk to a human | what are you |
    what's your name | chatbot | are you a chatbot
    """,
    "capabilities": """
    能帮我办事吗 | 你能帮我办事不 | 能帮我办事不 | 能不能帮我办事 | 能办事吗 |
    what services does this bot offer | what services do you provide | what services are available |
    what are you able to help with | what are you able to help me with | able to help with |
    what topics do you know | what topics do you know about | what do you know about |
    what subjects do you cover | 你都知道些啥 | 你都知道什么 | 你知道哪些事 |
    what kind of questions can you answer | what kinds of questions can you answer |
    what are your capabilities | your capabilities | capabilities | what can i use you for |
    what can you tell me | what can you tell me about | what do you handle |
    what are you good at | 你能帮我解决什么 | 你能解决什么问题 | 你会干什么 | 你擅长什么 |
    你能提供什么服务 | 有什么服务 | 都有什么服务 | 你能干啥 | 你能做什么 | 你能干什么 |
    你会什么 | 你有什么用 | 你可以做什么 | 有什么功能 | 你都能帮我什么 | 能帮我做什么 |
    你能回答哪些问题 | 你能回答什么 | 能回答什么问题 | 能回答哪些问题 | 你能回答什么问题 |
    你主要管什么 | 你管什么 | 你负责什么 | 你是干什么的 | 你是干嘛的 | 你能帮我干啥 |
    都能问什么 | 能问什么 | 可以问什么 | 我能问什么 | 你懂什么 | 你会干啥 | 有啥功能 |
    有哪些功能 | 你能帮什么忙 | 你能帮我干什么 | 你都会些什么 | 你会些什么 | 你有什么本事 |
    你可以帮我做什么 | 你能解答什么 | 你的功能是什么 | 你都能干嘛 | 你能干嘛 | 能干嘛 |
    你能做啥 | 能帮我干嘛 | 有什么用 | 你是做什么的 | 你有啥用 | 都能帮我什么 |
    这个机器人能干什么 | 这个机器人是干什么的 | what else can you do |
    what can you do for me | what services do you offer | what do you help with |
    what is your purpose | what are you here for | what topics can you answer |
    which questions can you answer | what can you do | what do you do | how can you help |
    what can i ask | what are you for | what can you help with | what can you help me with |
    what do you know | what can i ask you | what can you answer |
    what questions can you answer | what are you able to do | what can this bot do |
    what do you cover | what is this bot for | what is this for | what are your functions
    """,
    "help": """
    how to ask something here | how do i ask something here | explain how to ask |
    how to ask a question |
    how do i ask a question | how should i ask |
    我该怎么跟你说话 | 怎么跟你说话 | 怎么跟你说 | 跟你怎么说 | 直接打字就行吗 |
    问问题是直接打字就行吗 | 直接打字 | 有使用说明吗 | 有说明吗 | 怎么问你 |
    i don't know what to type | i do not know what to type | what to type | what do i type |
    what should i type | what do i write | what should i write here |
    能教我怎么用吗 | 不知道该问什么 | 该问什么 | 求指导 | 使用方法 | 操作指南 | 怎么提问 |
    我该问什么 | 帮我一把 | 拉我一把 | how do i get started | getting started |
    i don't know what to do | i do not know what to do | what now | help needed |
    need some help | 帮帮我 | 帮帮忙 | 怎么弄 | 咋弄 | 咋办啊 | 不会 | 我不会 | 不会操作 |
    操作不来 | 不会打字 | 不懂这个 | 有点懵 | 懵了 | 晕了 | 迷糊 | 有人吗帮帮我 | stuck |
    i'm stuck | i am stuck | lost | how does this thing work | how do i ask | 教教我 | 教我 |
    不知道怎么弄 | 我不知道怎么弄 | 不会弄 | 我不会弄 | 怎么操作 | 我不懂怎么操作 |
    我该怎么做 | 我该怎么办 | 看不懂 | 我看不懂 | 搞不懂 | 搞不明白 | 不懂 | 我不懂 |
    不明白怎么用 | 从哪开始 | 从哪里开始 | 怎么开始 | 我是新手 | 第一次用 | 第一次用这个 |
    指导一下 | 请帮忙 | 请帮帮我 | 帮忙 | i need some help | i need assistance | assistance |
    support | help please | please help | please help me | how does it work |
    how do i use it | how do i use the bot | how to start | what do i do | what should i do |
    i'm confused | i am confused | confused | guide me | show me how | 求助 | 求帮助 |
    我需要帮助 | 需要帮助 | 有人能帮我吗 | 谁能帮我 | 能帮帮我吗 | 能帮我吗 | 帮我一下 |
    我不会用 | 不会用 | 怎么用 | 怎么用这个 | 怎么使用 | 这个怎么用 | 咋用 | 这咋用 |
    我该怎么用 | 不知道怎么问 | 我不知道怎么问 | 不知道问什么 | 使用说明 | 使用帮助 | 帮助 |
    菜单 | help | help me | help me please | i need help | need help | can you help |
    can you help me | can someone help | can someone help me | can anyone help |
    somebody help | how do i use this | how does this work | how to use | how to use this |
    how do i start | where do i start | instructions | menu | i'm lost | i am lost |
    i don't know what to ask | sos
    """,
}

# The registers residents write small talk in beyond the plain one above: polite and
# written Chinese, Henan and northern dialect, internet slang, elderly people's phrasing,
# typos of common pleasantries, WeChat's emoji names (its "[抱拳]" arrives as text);
# English texting, formal letters, Chinglish and typos. Traditional characters need no
# entries of their own: messages are folded to simplified ones first.
REGISTER_TEXT: dict[str, str] = {
    "greeting": """
    早呀 | 你好吗 | 您好吗 | 最近好吗 | 吃了吗 | 吃了没 | 喝汤了没 | 在不 | 有人没 | 有人在不 |
    有没有人 | 你号 | 你好你好 | 喂你好 | 午安 | 同志您好 | 工作人员您好 | 领导您好 |
    老师您好 | 尊敬的领导 | 叨扰了 | 打搅了 | 新年好 | 新年快乐 | 小伙子你好 | hello hello |
    helo | gm | hello sir | dear sir | dear sir or madam | how are you doing | how r u |
    how's it going | nice to meet you | hey mate | anybody there | hope you are well
    """,
    "thanks": """
    谢谢哈 | 谢谢亲 | 谢谢老师 | 谢谢领导 | 感谢你们的工作 | 感谢耐心解答 | 您辛苦了 |
    你辛苦了 | 劳驾 | 费心了 | 给您添麻烦了 | 多谢您 | 感激不尽 | 非常感激 | 感谢您 | 中嘞 |
    那中 | 好哒 | 好的收到 | 收到谢谢 | 晓得了 | 明白啦 | 谢射 | 谢谢闺女 | 感谢党和政府 |
    多谢晒 | 抱拳 | 玫瑰 | tysm | thx a lot | thanx | thank u so much |
    thank you very much for your help me | thanks for help | thank you for help | thnaks |
    thankyou | thanks mate | cheers mate | i am much obliged | i appreciate your assistance |
    i appreciate your help | appreciate your help | thank you for your assistance |
    thank you for your time | thanks for the info | thanks for the answer | grateful |
    i am grateful | thanks in advance | alright | ok thx | sounds good | got it thanks |
    thank you for your patience | thanks for your patience |
    thank you for your patience with my questions | thanks for your patience with my questions |
    thank you so much for your patience | thank you so much for your patience with my questions
    """,
    "goodbye": """
    拜拜了您嘞 | 拜拜啦 | 掰掰 | 再见啦 | 好的再建 | 谢谢再建 | 有事再问 | 俺走了 | 晚安啦 |
    祝您生活愉快 | 祝您工作顺利 | 祝好 | 此致敬礼 | 保重 | 您忙吧 | 不打扰了 | 没得事了 |
    goodbey | good bye | brb | ttyl | see you tomorrow | have a good one | have a great day |
    kind regards | best regards | regards | yours sincerely | best wishes | all the best |
    that's all for now | i'm all set | never mind
    """,
    "praise": """
    得劲 | 真得劲 | 真中 | 怪中 | 真管用 | 真好使 | yyds | 永远的神 | 绝绝子 | 绝了 | 牛哇 |
    牛批 | 真牛 | 真给力 | 赞一个 | 超赞 | 棒棒哒 | 暖心 | 服务周到 | 简单明了 | 通俗易懂 |
    很智能 | 不错不错 | 还不错 | 太方便了 | 好人一生平安 | legend | you are a legend |
    well said | you are very good robot | you are very good | good robot | best bot ever |
    very impressive | works great | very useful | nice work | great stuff | big help |
    you've been a great help | you have been very helpful | pretty good | not bad | nice job |
    bravo | excellent work | well made | really well made | clear answers |
    very clear answers | the answers are clear
    """,
    "insult": """
    this is a joke | 栓q | 我真的会谢 | 我谢谢你 | 无语子 | 太无语了 | 我服了 | 醉了 |
    啥玩意儿 | 你这弄啥嘞 | 辣鸡 | 菜鸡 | 人工智障 | 垃圾系统 | 不中用 | 气死我了 | 坑人 |
    胡扯 | 放屁 | 狗屁 | 神经病 | 烦人 | 真差劲 | 答了个寂寞 | 信球 | 发怒 | you're dumb |
    you idiot | moron | what a joke | lame | this sucks | you're trash | piece of junk |
    clueless | get lost | crap | bullshit | wtf | not useful | no help at all | wrong answer |
    you're annoying | this is frustrating | 傻x | 傻逼 | worst assistant | worst assistant ever |
    waste of my time | a waste of my time
    """,
    "robot": """
    r u human | 机器人还是客服 | 机器人还是真人 | 人还是机器 | 你是人还是机器人 |
    你是机器人不 | 电脑回复 | 后面有人吗 | 有人工吗 | 转人工客服 | 我要人工 | 找真人 | 找客服 |
    人呢 | 有活人没 | 是活人吗 | 你是gpt吗 | 你是deepseek吗 | 你是不是ai | 恁是谁 | 你是啥 |
    你叫啥 | 你叫啥名字 | 怎么称呼你 | 谁在回复 | is there a person behind this |
    is there a human behind this | is there a real person | r u real | r u a bot | are u real |
    are u a bot | are you a person or a bot | is this a machine | is it a bot |
    am i talking to a machine | am i talking to a real person | who am i talking to |
    who is this | who made you | what is your name | are you gpt | i want a human |
    i want to talk to a human | connect me to a human | i need a human
    """,
    "capabilities": """
    你还会啥 | 你还能干啥 | 你还能做什么 | 还会啥 | 还有啥功能 | 你都会啥 | 你能弄啥 |
    你是弄啥嘞 | 恁是弄啥嘞 | 弄啥嘞 | 你是干啥的 | 这玩意儿能干啥 | 这个是干啥的 |
    这是干啥的 | 介绍一下你自己 | what else can this thing do | what else can you do for me |
    what can this thing do | what does this bot do | what are you capable of |
    what exactly can you do | what do you offer | how can you help me |
    tell me what you can do | tell me about yourself | introduce yourself | what can u do |
    what you can help me | what's your purpose | what kind of things can you help me with |
    what kind of things can you help with | what kinds of things can you help with |
    what sort of things can you help with | what kind of things can you do
    """,
    "help": """
    这玩意儿咋用 | 这玩意咋用 | 这玩意儿怎么用 | 这东西咋用 | 这个咋用 | 这咋弄 | 咋整 |
    咋操作 | 用不来 | 俺不会 | 俺看不懂 | 我年纪大了不会用 | 不会用手机 | 我不识字 |
    我不会打字 | 能发语音吗 | 怎么跟你聊 | 咋提问 | 不知道咋用 | 不知道怎么用 | 整不明白 |
    没看懂 | 不太会用 | 教我怎么用 | 点哪里 | 返回菜单 | 主菜单 | 菜单在哪 |
    i don't get how this works | i don't get it | i don't understand how this works |
    how do i use this thing | how do i talk to you | what do i do now |
    what am i supposed to do | how does this bot work | user guide | tutorial | help pls |
    pls help | could you help me | i need your help | i'm new here |
    i'm not good with technology | back to menu | main menu
    """,
}

# From a third writer's list of small-talk messages (2026-12-02), written without seeing
# this lexicon or the evaluation sets: the ones the two lists above missed, cut to what is
# small talk whatever surrounds it ("so long" is not here: "why does it take so long").
MORE_TEXT: dict[str, str] = {
    "greeting": """
    在嘛 | 请问有人在吗 | 打扰啦 | 俺来了 | 喺唔喺度 | 哈咯 | 亲在吗 | 宝在吗 | 老铁在吗 |
    你嚎 | 泥好 | 周末好 | 好久不见 | 我又来了 | 还在线吗 | 您们好 | mornin | g day |
    hii | hiii | anybody home | anybody around | anyone around | is this thing on |
    u there | r u there | hellooo | ello | wassup | hello my friend | i m back |
    hope you re well | top of the morning | sorry to disturb | good morning to you |
    how are you
    """,
    "thanks": """
    唔该 | 唔该晒 | 感谢你们的服务 | 谢谢你的帮忙 | 写写 | 我知道咋弄了 | 我知道怎么弄了 |
    感谢耐心回复 | thank yuo | noted with thanks | well received | roger that | xie xie |
    xiexie | merci | thanks loads | thank you for your kind assistance
    """,
    "goodbye": """
    有空再来 | 先这样子 | 那就先这样子 | 不问了 | 白白 | 古德拜 | 后会有期 | gtg |
    i have no other questions | no other questions | night night | cheerio | ta ra |
    ta ta | peace out | adios | that s all i need | i think that s it | all sorted |
    end chat | logging off | later gator | i go now | that s all from me | bai | quit |
    祝你工作顺利 | 祝你生活愉快 | so long | so long for now
    """,
    "praise": """
    响应真及时 | 牛掰 | 你是最棒的 | 比人工还好 | 一下就明白了 | 可以可以 | 蛮好的 | 巴适 |
    巴适得板 | 好犀利 | 犀利 | 真好 | 真能干 | 不错 | 可爱 | 有礼貌 | 爱了爱了 | 爱了 |
    高手 | 界面很清爽 | 越来越好了 | 聪明 | you re a star | five stars | 5 stars |
    your service is very good | you explain so clearly | so patient |
    better than i expected | easier than calling the office |
    better than waiting on the phone | kudos | props to whoever made this | ripper |
    you beauty | very professional | gr8 job | so smart | very detail | very good
    """,
    "insult": """
    说了等于没说 | 扯淡 | 还不如不用 | 难用死了 | 难用 | 呵呵 | mmp | 憨憨 | 瓜娃子 |
    一点都不懂 | 拉圾 | 沙雕 | 太菜了 | 复读机 | 就会复制粘贴 | 你行不行 | 机械回复 | stfu |
    ugh | ffs | for god s sake | joke of a bot | dumbest ai ever | artificial stupidity |
    brainless | bollocks | zero stars | broken bot | leave me alone | you re a parrot |
    stop repeating yourself | gibberish | useles | very bad | are you thick
    """,
    "robot": """
    转人工 | 叫个真人来 | 想跟真人聊 | ai回复 | 机器在回 | 跟我聊天的是谁 | 你是什么东西 |
    文心一言 | 一听就是机器人 | 你系咪机器人 | 你系唔系真人 | 不要机器人 | 要人工 |
    和工作人员直接聊 | 人工客服 | 语音助手 | 你有意识吗 | 你会思考吗 | 你有感情吗 |
    你是男的还是女的 | 真人在值班 | automated reply | speak to a real person |
    talk to a real person | connect me to staff | speak to an officer |
    talk to a staff member | real people or machine | you re a bot aren t you |
    i think you re a bot | a person or a program | are you a government employee |
    are you a staff | a machine answering | ai assistant | do you have feelings |
    can you think | are you alive | is someone typing this | real human being |
    connect me with real person | are you siri | no bots please
    """,
    "capabilities": """
    可以问你哪些问题 | 你能做啥子 | 你能干啥 | 有咩功能 | 功能介绍 | 是干嘛的 | 服务范围 |
    你能查东西吗 | 你会聊天吗 | 陪我聊天 | 你会讲笑话吗 | 你会说英语吗 | 你懂粤语吗 |
    我可以咨询哪些问题 | 什么问题都能问吗 | 你能上网搜东西吗 | 你能做些什么 | 你的本领有哪些 |
    你能回答什么问题 | what features do you have | what s this chat for |
    what topics can i ask about | what s your scope | list your features |
    what is your job | what kind of help do you offer | do you speak english |
    do you speak chinese | can you translate | can you chat | can you tell jokes |
    are you able to help me | what you can do | you can do what |
    what is your function | which questions i can ask you |
    what kinds of things do you handle | what areas can you help with |
    what are you programmed to do | can you search the internet | what r u for |
    what can you help with | what do you actually do | what is your service range |
    what s on offer here | are you just for chatting
    """,
    "help": """
    点样用 | 你能看图片吗 | 可以发截图吗 | 能用拼音吗 | 可以打繁体字吗 | 可以用英文问吗 |
    可以用方言吗 | 字能不能大一点 | 怎么返回上一步 | 怎么重新开始 | 重新开始 | 怎么清空聊天记录 |
    按钮在哪里 | 要点哪个按钮 | 我点错了 | 发错了 | 使用教程 | 第一次用 | 不会用手机打字 |
    操作好复杂 | 怎么没反应了 | 发了消息没反应 | 一次可以问几个问题 | 要用完整的句子吗 |
    只打关键词可以吗 | 帮助菜单 | 怎么换成英文 | 切换语言 | 怎么关掉消息提醒 |
    how do i use u | what do i say | voice message | voice note |
    can i send a screenshot | can i type in chinese | can i write in english |
    can i use pinyin | do i just type my question | do i type in this box |
    where is the menu | where are the buttons | which button do i press |
    what do i click | how do i go back | how do i clear the chat | how do i stop the bot |
    how do i turn off notifications | how to exit | how do i use it |
    not sure how this works | i don t understand how to use | i typed wrong |
    wrong message | sent by mistake | can i ask more than one question at once |
    should i use full sentences | are keywords enough | how long can my message be |
    can you make the text bigger | you didn t respond | nothing happened |
    the buttons don t work | how do i see my earlier messages |
    how do i change the language | switch to english | switch to chinese |
    how do i talk to u | restart | reset
    """,
}

KIND_TEXT: dict[str, str] = {
    kind: f"{text} | {REGISTER_TEXT.get(kind, '')} | {MORE_TEXT.get(kind, '')}"
    for kind, text in BASE_TEXT.items()}

# Words that may surround small talk without making it a question.
FILLER = frozenset("""
啊 呀 哦 哈 哈哈 嗯 嗯嗯 噢 哇 呢 吧 嘛 了 的 你 您 你们 大家 很 真 太 非常 好 好吧
行 那 那么 就 先 这样 so very much a lot you u so much dear bot sir madam
madame guys all again lol haha hmm ah oh wow there everyone folks and for that this
your help 啦 哟 喔 哈喽 么 吗 我 我们 了解 的帮助 帮助 帮忙 的帮忙 解答 耐心 回答 答复
今天 一下 下 哈 呗 哎 唉 哇塞 哦哦 嗯呐 又 还 也 都 实在 特别 超 超级 挺 蛮 确实 真的
is was that's thats it really super totally quite pretty just now me please pls plz
the answer explanation info information reply a lot lots then again today man
是 个 一个 还是 不是 这个 那个 这 那 得 地 说 讲 答 答得 回答得 说得 讲得 十分 相当 比较
有点 好像 感觉 觉得 看来 其实 简直 这么 那么 多 太多 呵呵 嘿 哈哈哈 嘻嘻 哎呀 哎哟
this is it's its so far really truly bot robot an are am i we very much indeed
s re ll ve m d ever or actually 中 能 可以 在 和 跟 聊天 说话 对面 那边 给 大大 智能 一 真是
恁 俺 这些 can here explain 小助手 助手 亲 宝 老铁 mate love friend my seriously
""".split())

# Emoji are separators to the normaliser, so a message of emoji alone is empty once
# normalised: these say what kind of small talk such a message is. Looked for character by
# character, so skin tones and the variation selector after "❤" change nothing.
EMOJI_KINDS: dict[str, str] = {
    "👋": "greeting", "🙋": "greeting", "🙏": "thanks", "🌹": "thanks", "💐": "thanks",
    "🤝": "thanks", "👌": "thanks", "🙂": "thanks", "😊": "thanks", "👍": "praise",
    "👏": "praise", "💯": "praise", "💪": "praise", "❤": "praise", "🥰": "praise",
    "🎉": "praise", "🔥": "praise", "😡": "insult", "😠": "insult", "🤬": "insult",
    "👎": "insult", "😤": "insult", "⭐": "praise", "💩": "insult", "🖕": "insult", "🙄": "insult",
}
